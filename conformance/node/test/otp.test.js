"use strict";
// Conformance of the emulator's one-time passcodes, TOTP recovery codes and
// user deletion with the official Node SDK; the test controls (outbox, clock,
// faults, reset) are driven with plain fetch.

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const stytch = require("stytch");
const emulator = require("../lib/emulator");

const projectId = "project-test-11111111-2222-4333-8444-555555555555";
const secret = "secret-test-conformance";

let emu;
let client;

before(async () => {
  emu = await emulator.start({ projectId, secret });
  client = new stytch.Client({ project_id: projectId, secret, env: `${emu.url}/` });
});

after(async () => {
  assert.equal(await emu.stop(), 0, "the emulator exits 0 on SIGTERM");
});

// control calls a test control with plain fetch and no credentials.
async function control(method, path, body) {
  const res = await fetch(`${emu.url}/_emulator/${path}`, {
    method, headers: { "Content-Type": "application/json" }, body: body && JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

// newestCode is the newest passcode in the outbox for to; it checks the
// message names methodId.
async function newestCode(to, methodId) {
  const { messages } = await control("GET", `outbox?to=${encodeURIComponent(to)}`);
  assert.ok(messages.length > 0, `no message to ${to}`);
  assert.equal(messages[0].method_id, methodId);
  assert.match(messages[0].code, /^\d{6}$/);
  return messages[0].code;
}

async function rejectsWith(p, status, errorType) {
  await assert.rejects(p, (err) => {
    assert.ok(err instanceof stytch.StytchError, `got ${err && err.constructor.name}: ${err && err.message}`);
    assert.equal(err.status_code, status);
    assert.equal(err.error_type, errorType);
    assert.ok(err.request_id && err.error_message, "error envelope");
    return true;
  });
}

let seq = 0;
const uniqueEmail = () => `otp${++seq}.${Date.now()}@example.com`;
const uniquePhone = () => `+1555${String(Date.now() % 1e6).padStart(6, "0")}${++seq % 10}`;
const password = "correct horse battery staple";
const wrongFor = (code) => (code === "000000" ? "111111" : "000000");

test("otps.sms.loginOrCreate and otps.authenticate start an otp/sms session, once", async () => {
  const phone = uniquePhone();
  const sent = await client.otps.sms.loginOrCreate({ phone_number: phone, locale: "en" });
  assert.equal(sent.user_created, true);
  assert.match(sent.phone_id, /^phone-number-test-/);
  const code = await newestCode(phone, sent.phone_id);

  const res = await client.otps.authenticate({ method_id: sent.phone_id, code, session_duration_minutes: 60 });
  assert.equal(res.user_id, sent.user_id);
  assert.equal(res.method_id, sent.phone_id);
  const [factor] = res.session.authentication_factors;
  assert.equal(factor.type, "otp");
  assert.equal(factor.delivery_method, "sms");
  assert.deepEqual(factor.phone_number_factor, { phone_id: sent.phone_id, phone_number: phone });
  const local = await client.sessions.authenticateJwtLocal({ session_jwt: res.session_jwt });
  assert.equal(local.authentication_factors[0].type, "otp");

  await rejectsWith(client.otps.authenticate({ method_id: sent.phone_id, code }), 401, "unable_to_auth_otp_code");
  const again = await client.otps.sms.loginOrCreate({ phone_number: phone });
  assert.equal(again.user_created, false);
  assert.equal(again.user_id, sent.user_id);
});

test("otps.email.send with a session adds otp/email to it", async () => {
  const email = uniqueEmail();
  const created = await client.passwords.create({ email, password, session_duration_minutes: 60 });
  const sent = await client.otps.email.send({ email, session_token: created.session_token });
  assert.equal(sent.user_id, created.user_id);
  assert.equal(sent.email_id, created.email_id);
  const res = await client.otps.authenticate({
    method_id: sent.email_id, code: await newestCode(email, sent.email_id), session_token: created.session_token,
  });
  assert.equal(res.session.session_id, created.session.session_id);
  const otp = res.session.authentication_factors.find((f) => f.type === "otp");
  assert.equal(otp.delivery_method, "email");
  assert.deepEqual(otp.email_factor, { email_id: sent.email_id, email_address: email });

  await rejectsWith(client.otps.email.send({ email: uniqueEmail() }), 404, "email_not_found");
  const lc = await client.otps.email.loginOrCreate({ email: uniqueEmail() });
  assert.equal(lc.user_created, true);
});

test("a wrong code raises otp_code_not_found; too many attempts use the passcode up", async () => {
  const phone = uniquePhone();
  const sent = await client.otps.sms.loginOrCreate({ phone_number: phone });
  const code = await newestCode(phone, sent.phone_id);
  for (let i = 0; i < 5; i++) {
    await rejectsWith(client.otps.authenticate({ method_id: sent.phone_id, code: wrongFor(code) }), 404, "otp_code_not_found");
  }
  await rejectsWith(client.otps.authenticate({ method_id: sent.phone_id, code }), 401, "unable_to_auth_otp_code");
});

test("an expired passcode raises unable_to_auth_otp_code", async () => {
  const email = uniqueEmail();
  const sent = await client.otps.email.loginOrCreate({ email, expiration_minutes: 1 });
  const code = await newestCode(email, sent.email_id);
  await control("POST", "advance?seconds=61");
  await rejectsWith(client.otps.authenticate({ method_id: sent.email_id, code }), 401, "unable_to_auth_otp_code");
  await rejectsWith(client.otps.email.loginOrCreate({ email, expiration_minutes: 11 }), 400, "invalid_request_body");
});

test("otps.sms.send refuses unknown and malformed numbers", async () => {
  await rejectsWith(client.otps.sms.send({ phone_number: uniquePhone() }), 404, "phone_number_not_found");
  await rejectsWith(client.otps.sms.send({ phone_number: "555-0123" }), 400, "invalid_phone_number");
});

test("totps.create returns a PNG qr_code; recover uses a recovery code once", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password });
  const reg = await client.totps.create({ user_id: created.user_id });
  const prefix = "data:image/png;base64, ";
  assert.ok(reg.qr_code.startsWith(prefix), reg.qr_code.slice(0, 40));
  const png = Buffer.from(reg.qr_code.slice(prefix.length), "base64");
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");

  const listed = await client.totps.recoveryCodes({ user_id: created.user_id });
  assert.deepEqual(listed.totps[0].recovery_codes, reg.recovery_codes);
  const code = reg.recovery_codes[0];
  const res = await client.totps.recover({ user_id: created.user_id, recovery_code: code, session_duration_minutes: 60 });
  assert.equal(res.totp_id, reg.totp_id);
  const [factor] = res.session.authentication_factors;
  assert.equal(factor.type, "recovery_codes");
  assert.equal(factor.delivery_method, "recovery_code");
  assert.match(factor.recovery_code_factor.totp_recovery_code_id, /^totp-recovery-code-test-/);

  await rejectsWith(client.totps.recover({ user_id: created.user_id, recovery_code: code }), 401, "unable_to_authenticate_recovery_code");
  const after = await client.totps.recoveryCodes({ user_id: created.user_id });
  assert.equal(after.totps[0].recovery_codes.length, 9);
  assert.ok(!after.totps[0].recovery_codes.includes(code));
});

test("users.delete revokes the user's sessions", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  const res = await client.users.delete({ user_id: created.user_id });
  assert.equal(res.status_code, 200);
  assert.equal(res.user_id, created.user_id);
  await rejectsWith(client.sessions.authenticate({ session_token: created.session_token }), 404, "session_not_found");
  await rejectsWith(client.users.delete({ user_id: created.user_id }), 404, "user_not_found");
});

test("Stytch's sandbox values for passcodes and TOTP behave as documented", async () => {
  const sms = await client.otps.sms.send({ phone_number: "+10000000000" });
  const smsAuth = await client.otps.authenticate({ method_id: sms.phone_id, code: "000000", session_duration_minutes: 5 });
  assert.equal(smsAuth.session.authentication_factors[0].delivery_method, "sms");
  const email = await client.otps.email.send({ email: "sandbox@stytch.com" });
  await client.otps.authenticate({ method_id: email.email_id, code: "000000" });
  await rejectsWith(client.otps.authenticate({ method_id: email.email_id, code: "123456" }), 404, "otp_code_not_found");
  const { messages } = await control("GET", "outbox?to=%2B10000000000");
  assert.equal(messages.length, 0, "sandbox sends send nothing");

  const user_id = "user-test-e3795c81-f849-4167-bfda-e4a6e9c280fd";
  await client.totps.create({ user_id });
  await client.totps.authenticate({ user_id, totp_code: "000000" });
  await client.totps.recoveryCodes({ user_id });
  const rec = await client.totps.recover({ user_id, recovery_code: "a1b2-c3d4-e5f6" });
  assert.equal(rec.user_id, user_id);
});

test("faults and request counts cover the OTP endpoints; reset forgets passcodes", async () => {
  const phone = uniquePhone();
  const sent = await client.otps.sms.loginOrCreate({ phone_number: phone });
  const code = await newestCode(phone, sent.phone_id);
  const before = (await control("GET", "requests")).requests["otps/authenticate"];
  await control("POST", "faults", { endpoint: "otps/authenticate", status: 503, times: 1 });
  await rejectsWith(client.otps.authenticate({ method_id: sent.phone_id, code }), 503, "internal_server_error");
  assert.equal((await control("GET", "requests")).requests["otps/authenticate"] - before, 1);

  await control("POST", "reset");
  await rejectsWith(client.otps.authenticate({ method_id: sent.phone_id, code }), 404, "otp_code_not_found");
  await rejectsWith(client.otps.sms.send({ phone_number: phone }), 404, "phone_number_not_found");
});
