-- wrk (Debian's wrk 4.x): every request is an accepted POST /messages, a text to one contact.
-- bench/accept-latency.ts runs it with WRK_TOKEN (a session's token) and WRK_TO (the contact).
wrk.method = "POST"
wrk.body = '{"recipient_type":"individual","to":"' .. os.getenv("WRK_TO") .. '","type":"text","text":{"body":"wrk"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN")
