#!/bin/sh
# banbridge-report.sh: the transport of fail2ban's banbridge action (action.d/banbridge.conf).
#
# Every report (ban or unban) is first written to a spool directory on this server, then the
# spool is sent to banbridge oldest first, within a time budget. A report that cannot be sent
# now (banbridge down, hanging, overloaded) stays in the spool and is sent, in order, by a
# later run: the next ban, unban or jail start on this server. So a report never holds up
# the jail for more than about the budget, and nothing is lost while banbridge is away.
#
# Usage:
#   banbridge-report.sh [OPTIONS] ban   ip=IP jail=JAIL host=HOST bantime=S failures=N restored=0|1
#   banbridge-report.sh [OPTIONS] unban ip=IP jail=JAIL host=HOST [time=T bantime=S]
#                                   (sent as expired=1 when T + S has passed, else expired=0)
#   banbridge-report.sh [OPTIONS] flush            (send what is queued; also fine from cron)
# Options (action.d/banbridge.conf passes them all):
#   --url URL            banbridge's base URL (…/v1/fail2ban/ban and …/unban are appended)
#   --credentials FILE   curl config file with `user = "name:password"` or a Bearer header
#   --spool DIR          the spool (created 0700); one small file per report
#   --budget-ms MS       time for sending, per run (default 1500)
#   --connect-timeout S  seconds for one TCP/TLS connect (default 1)
#   --retry-after S      after a failure, runs within S seconds only queue (default 30): a
#                        hanging banbridge then costs one budget per S seconds, not one per ban
#   --max-queued N       refuse to queue more than N reports (default 10000), bounding the disk
#
# Needs: POSIX sh, curl >= 7.68 (no --fail-with-body: the status is read with -w), GNU date
# (%N), flock (util-linux). Exit status: 0 when the report is delivered or safely queued;
# 1 when it could not even be queued (bad usage, spool not writable, spool full).
# Why 0 when merely queued: fail2ban runs a failed action command a second time at once
# (fail2ban 1.0.2 server/action.py, CommandAction._processCmd), which would queue the
# report twice and double the delay.
#
# Answers: 2xx delivered (file removed). 400-class answers other than 401/403/408/429 mean
# banbridge will never accept that report: it is moved to DIR/rejected/ with the answer,
# and the next one is sent. Anything else (no connection, timeout, 401/403, 408, 429, 5xx)
# stops this run; the report stays first in line.

set -u

url='' credentials='' spool='' budget_ms=1500 connect_timeout=1 retry_after=30 max_queued=10000
while [ $# -gt 0 ]; do
  case $1 in
    --url) url=$2 ;;
    --credentials) credentials=$2 ;;
    --spool) spool=$2 ;;
    --budget-ms) budget_ms=$2 ;;
    --connect-timeout) connect_timeout=$2 ;;
    --retry-after) retry_after=$2 ;;
    --max-queued) max_queued=$2 ;;
    --) shift; break ;;
    -*) echo "banbridge-report: unknown option $1" >&2; exit 1 ;;
    *) break ;;
  esac
  shift 2 || { echo "banbridge-report: $1 needs a value" >&2; exit 1; }
done
mode=${1:-}
[ $# -gt 0 ] && shift
fields="$*" # for messages, joined by spaces

say() { echo "banbridge-report: $*" >&2; }
now_ms() { t=$(date +%s%N); echo $((t / 1000000)); }

case $mode in ban | unban | flush) ;; *) say "usage: [options] ban|unban field=value... | flush"; exit 1 ;; esac
for v in "$url" "$credentials" "$spool"; do
  [ -n "$v" ] || { say "--url, --credentials and --spool are required"; exit 1; }
done
for n in "$budget_ms" "$retry_after" "$max_queued"; do
  case $n in '' | *[!0-9]*) say "--budget-ms, --retry-after and --max-queued take whole numbers"; exit 1 ;; esac
done

queue=$spool/queue
mkdir -p "$queue" "$spool/rejected" 2>/dev/null && chmod 700 "$spool" ||
  { say "cannot create the spool $spool"; exit 1; }

# 1. Queue this report: written aside, then renamed into the queue (atomic). The name is
#    the time in nanoseconds and the pid, so the queue sorts in the order reports were made.
#    Returns 2 when the spool already holds --max-queued reports.
enqueue() {
  [ "$(find "$queue" -type f | wc -l)" -lt "$max_queued" ] || return 2
  name=$(date +%s%N)-$$.$mode
  tmp=$spool/.new-$$
  : >"$tmp" || { say "cannot write $tmp"; exit 1; }
  began='' lasts=''
  for field in "$@"; do
    case $mode/$field in
      # An unban's time= (when fail2ban's ban began) and bantime= become expired=0|1 below.
      unban/time=*) began=${field#time=} ;;
      unban/bantime=*) lasts=${field#bantime=} ;;
      */*=*) printf '%s\n' "$field" >>"$tmp" ;;
      *) say "not a field=value pair: $field"; rm -f "$tmp"; exit 1 ;;
    esac
  done
  # fail2ban lifts a ban by itself once its clock passes time + bantime (1.0.2
  # banmanager.py unBanList); an unbanip comes earlier. Compared here, on fail2ban's clock.
  # A permanent ban (-1) is only ever lifted by hand.
  if [ "$mode" = unban ] && [ -n "$began" ] && [ -n "$lasts" ]; then
    expired=$(awk -v t="$began" -v b="$lasts" -v n="$(date +%s)" \
      'BEGIN { print (t ~ /^[0-9.]+$/ && b ~ /^[0-9]+$/ && t + b <= n + 1) ? 1 : 0 }')
    printf 'expired=%s\n' "$expired" >>"$tmp"
  fi
  mv "$tmp" "$queue/$name" || { say "cannot queue into $queue"; rm -f "$tmp"; exit 1; }
}

# 2. Send the queue, oldest first, one sender at a time, within the budget. A run that finds
#    the lock taken leaves its report to the holder, so the holder lists the queue again
#    until it is empty, and looks once more after letting go of the lock: a report queued
#    while it was sending (two jails banning at once) goes out now, not at the next run.
deadline=$(($(now_ms) + budget_ms))

# Sends one queued report; prints the HTTP status (000: no answer), the answer is in .answer.
send() {
  left=$1 file=$2
  set --
  while IFS= read -r field; do set -- "$@" --data-urlencode "$field"; done <"$file"
  curl -sS -o "$spool/.answer" -w '%{http_code}' --connect-timeout "$connect_timeout" \
    --max-time "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))" \
    --config "$credentials" -A banbridge-fail2ban/1 "$@" "$url/v1/fail2ban/${file##*.}" \
    2>"$spool/.curl-error"
}

# Sends the queue until it is empty, the budget is spent, or banbridge does not take a
# report (which then stays first in line).
send_queue() {
  while :; do
    exec 9>"$spool/.lock"
    flock -n 9 || return 0
    if [ -s "$spool/.retry-at" ] && [ "$mode" != flush ]; then
      [ "$(date +%s)" -lt "$(cat "$spool/.retry-at")" ] && return 0
    fi
    while files=$(find "$queue" -type f | sort) && [ -n "$files" ]; do
      for f in $files; do
        left=$((deadline - $(now_ms)))
        [ "$left" -gt 0 ] || return 0 # out of time, not a failure: the next run goes on
        : >"$spool/.answer"
        status=$(send "$left" "$f")
        case $status in
          2??) rm -f "$f" ;;
          401 | 403 | 408 | 429 | 5?? | 000 | '')
            why=$(cat "$spool/.curl-error" "$spool/.answer" 2>/dev/null | head -c 300 | tr -s '\n' ' ')
            echo $(($(date +%s) + retry_after)) >"$spool/.retry-at"
            say "banbridge did not take the report (HTTP ${status:-000}) ${why}- $(find "$queue" -type f | wc -l) queued in $queue"
            return 0
            ;;
          *)
            cat "$spool/.answer" >>"$f" 2>/dev/null
            mv "$f" "$spool/rejected/" && say "banbridge rejected $(basename "$f") (HTTP $status), kept in $spool/rejected"
            ;;
        esac
      done
    done
    rm -f "$spool/.retry-at"
    exec 9>&- # lets go of the lock
    [ -n "$(find "$queue" -type f)" ] || return 0
  done
}

IFS='
'
rc=0
if [ "$mode" != flush ]; then
  # A full spool is first sent (banbridge may be back), then this report queued if there is
  # room now; only when there still is none is it dropped.
  enqueue "$@" || {
    send_queue
    enqueue "$@" || {
      say "spool full ($(find "$queue" -type f | wc -l) reports in $queue, --max-queued $max_queued): report for $fields dropped"
      rc=1
    }
  }
fi
send_queue
exit "$rc"
