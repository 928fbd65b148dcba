import { parseRouterOsDuration, TIMEOUT_LIMIT_MS } from '../targets/routeros/routeros-duration.js';
import { AddressTable, formatId, parseId, type SimEntry } from './address-table.js';
import { normaliseAddress } from './normalise-address.js';
import { compileQuery } from './query.js';
import {
  done,
  row,
  trap,
  type SimReplies,
  type SimRequest,
  type SimSentence,
} from './sim-request.js';

const OUT_OF_RANGE = 'value of timeout is out of range (00:00:00 .. 35w3d13:13:56)';
const ADD_PARAMS = new Set(['list', 'address', 'timeout', 'comment', 'disabled', 'dynamic']);
const SET_PARAMS = new Set(['.id', 'numbers', 'list', 'address', 'timeout', 'comment', 'disabled']);

export interface MenuOptions {
  /** RouterOS 7.18+ sends `!empty` before `!done` for a zero-row print (docs/routeros-notes.md §1.5). */
  emptyReplies: boolean;
  /** Called after every change (for `router-sim --print-changes` / `--state-file`). */
  onChange?: (change: SimChange) => void;
}

export interface SimChange {
  family: 4 | 6;
  verb: 'add' | 'set' | 'remove';
  entry: SimEntry;
}

/**
 * /ip/firewall/address-list and /ipv6/firewall/address-list: add, print/getall, set,
 * remove, enable, disable (AL-cli4, AL-cli6; docs/routeros-notes.md §2 and the §6 checklist, item 10).
 */
export class AddressListMenu {
  constructor(
    readonly family: 4 | 6,
    readonly table: AddressTable,
    private readonly clock: () => number,
    private readonly options: MenuOptions,
  ) {}

  run(verb: string, request: SimRequest): SimReplies | undefined {
    switch (verb) {
      case 'add':
        return this.add(request.attributes);
      case 'print':
      case 'getall': // alias of print (MikroTik manual)
        return this.print(request);
      case 'set':
        return this.set(request.attributes);
      case 'remove':
        return this.remove(request.attributes);
      case 'enable':
      case 'disable':
        return this.set(new Map([...request.attributes, ['disabled', String(verb === 'disable')]]));
      case 'find':
        // Query words are ignored by every command but print (MikroTik manual "Query word":
        // only print handles them), so `find ?list=x` returns every id, `;`-separated
        // (EvilFreelancer/routeros-api-php issue #87).
        return [done(`=ret=${[...this.table.entries()].map((e) => formatId(e.id)).join(';')}`)];
      default:
        return undefined;
    }
  }

  private add(attributes: Map<string, string>): SimSentence[] {
    const unknown = [...attributes.keys()].find((name) => !ADD_PARAMS.has(name));
    if (unknown !== undefined) return trap(`unknown parameter ${unknown}`);
    const list = attributes.get('list');
    const input = attributes.get('address');
    // Wording not observed on a router (list is mandatory per AL-cli4).
    if (!list) return trap('failure: list not set', 1);
    if (!input) return trap('failure: address not set', 1);
    const address = normaliseAddress(this.family, input);
    if (!address.ok) return trap(address.message);
    const timeout = this.timeout(attributes.get('timeout'));
    if (typeof timeout === 'string') return trap(timeout);
    if (this.table.findByKey(list, address.address))
      return trap('failure: already have such entry');
    const comment = attributes.get('comment');
    const entry = this.table.insert({
      list,
      address: address.address,
      comment: comment === '' ? undefined : comment,
      expiresAt: timeout,
      // Any timeout, `0s` included, puts the entry in RAM (MikroTik manual, address-list `timeout`).
      dynamic: Boolean(attributes.get('timeout')) || isYes(attributes.get('dynamic')),
      disabled: isYes(attributes.get('disabled')),
    });
    this.options.onChange?.({ family: this.family, verb: 'add', entry });
    return [done(`=ret=${formatId(entry.id)}`)];
  }

  /** Rows are made as they are written (writeReplies streams them), not all up front. */
  private *print(request: SimRequest): Generator<SimSentence> {
    const query = compileQuery(request.queries);
    const proplist = request.attributes.get('.proplist')?.split(',');
    const list = query.equalities.get('list');
    const address = query.equalities.get('address');
    const countOnly = request.attributes.has('count-only');
    const candidates =
      query.onlyEqualities && list !== undefined && address !== undefined
        ? [this.table.findByKey(list, address)].filter((e): e is SimEntry => e !== undefined)
        : this.table.entries();
    let count = 0;
    for (const entry of candidates) {
      const printed = this.table.printed(entry);
      if (!query.matches(printed)) continue;
      count++;
      if (countOnly) continue;
      if (proplist) {
        for (const name of [...printed.keys()]) if (!proplist.includes(name)) printed.delete(name);
      }
      yield row(printed);
    }
    if (countOnly) yield done(`=ret=${count}`);
    else {
      if (count === 0 && this.options.emptyReplies) yield { type: '!empty', words: [] };
      yield done();
    }
  }

  private set(attributes: Map<string, string>): SimSentence[] {
    const unknown = [...attributes.keys()].find((name) => !SET_PARAMS.has(name));
    if (unknown !== undefined) return trap(`unknown parameter ${unknown}`);
    const entries = this.byIds(attributes.get('.id') ?? attributes.get('numbers'));
    if (!entries) return trap('no such item');
    const timeout = attributes.has('timeout') ? this.timeout(attributes.get('timeout')) : undefined;
    if (typeof timeout === 'string') return trap(timeout);
    for (const entry of entries) {
      if (attributes.has('list') || attributes.has('address')) {
        const normalised = normaliseAddress(
          this.family,
          attributes.get('address') ?? entry.address,
        );
        if (!normalised.ok) return trap(normalised.message);
        const list = attributes.get('list') ?? entry.list;
        const clash = this.table.findByKey(list, normalised.address);
        if (clash && clash !== entry) return trap('failure: already have such entry');
        this.table.rekey(entry, list, normalised.address);
      }
      if (attributes.has('comment')) entry.comment = attributes.get('comment') || undefined;
      if (attributes.has('disabled')) entry.disabled = isYes(attributes.get('disabled'));
      if (attributes.has('timeout')) {
        entry.expiresAt = timeout;
        if (timeout !== undefined) entry.dynamic = true;
      }
      this.options.onChange?.({ family: this.family, verb: 'set', entry });
    }
    return [done()];
  }

  private remove(attributes: Map<string, string>): SimSentence[] {
    const entries = this.byIds(attributes.get('.id') ?? attributes.get('numbers'));
    if (!entries) return trap('no such item');
    for (const entry of entries) {
      this.table.delete(entry);
      this.options.onChange?.({ family: this.family, verb: 'remove', entry });
    }
    return [done()];
  }

  /** Comma-separated ids; undefined when any is unknown (`no such item`, docs/routeros-notes.md §2.6). */
  private byIds(text: string | undefined): SimEntry[] | undefined {
    if (!text) return undefined;
    const entries: SimEntry[] = [];
    for (const part of text.split(',')) {
      const id = parseId(part.trim());
      const entry = id === undefined ? undefined : this.table.get(id);
      if (!entry) return undefined;
      entries.push(entry);
    }
    return entries;
  }

  /**
   * Expiry time, undefined for none, or a trap message. `0s` means "no expiry": the RouterOS
   * 2.9 manual documents `00:00:00` as "leave the address in the address list forever"
   * (firewall `address-list-timeout`); current versions are unverified.
   */
  private timeout(text: string | undefined): number | undefined | string {
    if (text === undefined || text === '') return undefined;
    const ms = parseRouterOsDuration(text);
    if (ms === undefined) return 'invalid value for argument timeout';
    if (ms === 0) return undefined;
    if (ms > TIMEOUT_LIMIT_MS) return OUT_OF_RANGE;
    return this.clock() + ms;
  }
}

/** Input booleans accept yes/no/true/false (REST-manual "Values"). */
function isYes(value: string | undefined): boolean {
  return value === 'yes' || value === 'true';
}
