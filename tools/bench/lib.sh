# Shell functions shared by tools/bench/compare and tools/bench/crash-soak (sourced, not run).

bench_uscc=91320621MA1MRHG205  # the enterprise the benchmarks post as (tools/bench/post_event.lua's JIFEN_USCC)

# listening_url OUT: waits up to 10 s for jifend's line "jifend listening on http://HOST:PORT" in the file OUT,
# then prints the URL (nothing when the line never came).
listening_url() {
  for _ in $(seq 1 200); do grep -q listening "$1" 2>/dev/null && break; sleep 0.05; done
  awk '/listening/ {for (i = 1; i <= NF; i++) if ($i ~ /^http:\/\//) print $i}' "$1" | head -n 1
}

# register_enterprise URL BUREAU_KEY EVENT_ID NAME: registers bench_uscc through POST /v1/events; false when
# jifend refuses.
register_enterprise() {
  curl -sf -o /dev/null -X POST "$1/v1/events" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d '{"event_id":"'"$3"'","type":"enterprise.registered","enterprise":"'"$bench_uscc"'","occurred_on":"2020-01-02","data":{"name":"'"$4"'","zone":"nantong_national","chains":["integrated_circuits"],"registered_on":"2015-03-04"}}'
}
