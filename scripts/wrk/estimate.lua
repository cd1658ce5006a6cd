-- POSTs one estimate request. The same body goes to the bare handler and to /v1/estimates, so
-- the two figures differ only by what the service does with it.
--   wrk -s scripts/wrk/estimate.lua http://127.0.0.1:PORT/v1/estimates
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"therapy":"knee_msc_injection","joints":1,"sessions":1,'
  .. '"cell_source":"adipose","add_ons":["prp"],"zip":"76102"}'
