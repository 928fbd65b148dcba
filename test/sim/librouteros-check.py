"""Drives the banbridge RouterOS simulator with librouteros (Debian python3-librouteros 3.1.0),
an independent client, and prints what it saw as JSON. Usage: librouteros-check.py PORT USER PASSWORD"""
import json
import sys

from librouteros import connect
from librouteros.exceptions import MultiTrapError, TrapError
from librouteros.query import Key, Or

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
api = connect(host='127.0.0.1', username=user, password=password, port=port)
lists = api.path('ip', 'firewall', 'address-list')
out = {}

ids = [
    lists.add(list='blocked', address='45.155.205.233', comment='banbridge a'),
    lists.add(list='blocked', address='45.155.205.234', comment='banbridge b', disabled=True),
    lists.add(list='blocked', address='8.8.8.8', timeout='1h'),
    lists.add(list='other', address='45.155.205.233'),
    lists.add(list='blocked', address='9.9.9.9', timeout='0s'),
]
out['ids'] = ids
try:
    lists.add(list='blocked', address='45.155.205.233')
except TrapError as error:
    out['duplicate'] = error.message

address, lst, disabled = Key('address'), Key('list'), Key('disabled')
def rows(*where):
    return sorted(r['address'] for r in lists.select(Key('.id'), address).where(*where))

out['in'] = rows(lst == 'blocked', address.In('45.155.205.233', '8.8.8.8'))
out['or'] = rows(lst == 'blocked', Or(address == '45.155.205.234', address == '8.8.8.8'))
out['ne'] = rows(lst == 'blocked', address != '45.155.205.233')
out['disabled'] = rows(disabled == True)  # noqa: E712 (librouteros sends yes)
out['not_disabled_blocked'] = rows(lst == 'blocked', disabled != True)  # noqa: E712
# queries are ignored by find (only print evaluates them): every id comes back
out['find'] = tuple(api.rawCmd('/ip/firewall/address-list/find', '?list=other'))[0]['ret']
zero = [r for r in lists if r['address'] == '9.9.9.9'][0]
out['zero_timeout'] = {'timeout': zero.get('timeout'), 'dynamic': zero['dynamic']}

lists.update(**{'.id': ids[1], 'disabled': False})
out['enabled'] = [r['disabled'] for r in lists if r['.id'] == ids[1]]
lists.remove(ids[0])
out['after_remove'] = sorted(r['address'] for r in lists.select(address).where(lst == 'blocked'))
try:
    tuple(api('/ip/firewal/address-list/print'))
except MultiTrapError as error:
    out['unknown'] = [trap.message for trap in error.traps]
try:
    lists.remove('*FFFF')
except TrapError as error:
    out['no_such_item'] = error.message
api.close()
print(json.dumps(out))
