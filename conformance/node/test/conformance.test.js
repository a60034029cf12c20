"use strict";
// Conformance of the sessiongate Stytch emulator with the official Node SDK
// (npm stytch, pinned in package.json). Every call goes through
// new stytch.Client({project_id, secret, env: "http://HOST:PORT/"}).

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const stytch = require("stytch");
const emulator = require("../lib/emulator");
const { totp, wrongCode } = require("../lib/totp");

const projectId = "project-test-11111111-2222-4333-8444-555555555555";
const policyFile = path.join(__dirname, "..", "fixtures", "rbac-policy.json");
const secret = "secret-test-conformance";

let emu;
let client;
let offsetMs = 0; // how far the emulator's clock is ahead of ours

// emulatorNow is the emulator's current time.
const emulatorNow = () => new Date(Date.now() + offsetMs);

async function advance(seconds) {
  const res = await fetch(`${emu.url}/_emulator/advance?seconds=${seconds}`, {
    method: "POST",
    headers: { Authorization: "Basic " + Buffer.from(`${projectId}:${secret}`).toString("base64") },
  });
  assert.equal(res.status, 200);
  offsetMs += seconds * 1000;
}

// rejectsWith awaits p and checks the StytchError it rejects with.
async function rejectsWith(p, status, errorType) {
  await assert.rejects(p, (err) => {
    assert.ok(err instanceof stytch.StytchError, `got ${err && err.constructor.name}: ${err && err.message}`);
    assert.equal(err.status_code, status);
    assert.equal(err.error_type, errorType);
    assert.ok(err.request_id, "request_id");
    assert.ok(err.error_message, "error_message");
    return true;
  });
}

let seq = 0;
const uniqueEmail = () => `user${++seq}.${Date.now()}@example.com`;
const password = "correct horse battery staple";

before(async () => {
  emu = await emulator.start({ projectId, secret, rbacPolicy: policyFile });
  client = new stytch.Client({ project_id: projectId, secret, env: `${emu.url}/` });
});

after(async () => {
  const code = await emu.stop();
  assert.equal(code, 0, "the emulator exits 0 on SIGTERM");
});

test("passwords.create without a session returns empty tokens and a null session", async () => {
  const res = await client.passwords.create({ email: uniqueEmail(), password });
  assert.equal(res.status_code, 200);
  assert.match(res.user_id, /^user-test-/);
  assert.match(res.email_id, /^email-test-/);
  assert.equal(res.session_token, "");
  assert.equal(res.session_jwt, "");
  assert.equal(res.session, null);
  assert.equal(res.user.user_id, res.user_id);
});

test("passwords.create and passwords.authenticate start password sessions", async () => {
  const email = uniqueEmail();
  const created = await client.passwords.create({ email, password, session_duration_minutes: 60 });
  assert.equal(created.session_token.length, 44);
  assert.equal(created.session.authentication_factors[0].type, "password");

  const res = await client.passwords.authenticate({ email, password, session_duration_minutes: 30 });
  assert.equal(res.user_id, created.user_id);
  const [factor] = res.session.authentication_factors;
  assert.equal(factor.type, "password");
  assert.equal(factor.delivery_method, "knowledge");
  assert.equal(factor.email_factor.email_address, email);
  assert.notEqual(res.session_token, created.session_token);
});

test("passwords.authenticate with a wrong password raises unauthorized_credentials", async () => {
  const email = uniqueEmail();
  await client.passwords.create({ email, password });
  await rejectsWith(client.passwords.authenticate({ email, password: "wrong horse battery" }), 401, "unauthorized_credentials");
});

test("sessions.authenticate by token and by JWT", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  const byToken = await client.sessions.authenticate({ session_token: created.session_token });
  assert.equal(byToken.session.session_id, created.session.session_id);
  assert.equal(byToken.session_token, created.session_token);
  assert.ok(byToken.session_jwt);
  assert.equal(byToken.user.user_id, created.user_id);
  assert.equal(byToken.session.expires_at, created.session.expires_at, "no duration: expiry unchanged");

  const byJwt = await client.sessions.authenticate({ session_jwt: created.session_jwt, session_duration_minutes: 120 });
  assert.equal(byJwt.session.session_id, created.session.session_id);
  assert.equal(byJwt.session_token, created.session_token);
  assert.ok(new Date(byJwt.session.expires_at) > new Date(created.session.expires_at), "duration extends");
});

test("sessions.authenticate custom claims merge into the session and the JWT", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  await client.sessions.authenticate({ session_token: created.session_token, session_custom_claims: { plan: "pro", e: { a: 1, b: 2 } } });
  const res = await client.sessions.authenticate({ session_token: created.session_token, session_custom_claims: { e: { a: null } } });
  assert.deepEqual(res.session.custom_claims, { plan: "pro", e: { b: 2 } });
  const local = await client.sessions.authenticateJwtLocal({ session_jwt: res.session_jwt });
  assert.deepEqual(local.custom_claims, { plan: "pro", e: { b: 2 } });
  await rejectsWith(client.sessions.authenticate({ session_token: created.session_token, session_custom_claims: { sub: "x" } }),
    400, "reserved_claims_in_custom_claims");
});

test("sessions.authenticate with both token and JWT raises too_many_session_arguments", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  await rejectsWith(client.sessions.authenticate({ session_token: created.session_token, session_jwt: created.session_jwt }),
    400, "too_many_session_arguments");
});

test("authenticateJwtLocal accepts emulator JWTs", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  const session = await client.sessions.authenticateJwtLocal({ session_jwt: created.session_jwt, current_date: emulatorNow() });
  assert.equal(session.session_id, created.session.session_id);
  assert.equal(session.user_id, created.user_id);
  assert.equal(session.authentication_factors[0].type, "password");
  assert.equal(session.started_at, created.session.started_at.replace(/\.\d+Z$/, "Z"));
  assert.deepEqual(session.roles, created.session.roles);
});

test("sessions.get lists the user's active sessions", async () => {
  const email = uniqueEmail();
  const a = await client.passwords.create({ email, password, session_duration_minutes: 60 });
  const b = await client.passwords.authenticate({ email, password, session_duration_minutes: 60 });
  await client.sessions.revoke({ session_id: b.session.session_id });
  const res = await client.sessions.get({ user_id: a.user_id });
  assert.deepEqual(res.sessions.map((s) => s.session_id), [a.session.session_id]);
  await rejectsWith(client.sessions.get({ user_id: "user-test-00000000-0000-4000-8000-000000000000" }), 404, "user_not_found");
});

test("revoke, then sessions.authenticate raises session_not_found", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  const res = await client.sessions.revoke({ session_token: created.session_token });
  assert.equal(res.status_code, 200);
  await rejectsWith(client.sessions.authenticate({ session_token: created.session_token }), 404, "session_not_found");
  await rejectsWith(client.sessions.authenticate({ session_jwt: created.session_jwt }), 404, "session_not_found");
  await assert.rejects(client.sessions.authenticateJwt({ session_jwt: created.session_jwt, max_token_age_seconds: 0 }),
    (err) => err.error_type === "session_not_found");
});

test("totps.create and totps.authenticate step up a session", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  const reg = await client.totps.create({ user_id: created.user_id });
  assert.match(reg.totp_id, /^totp-test-/);
  assert.match(reg.secret, /^[A-Z2-7]+$/);
  assert.equal(reg.recovery_codes.length, 10);

  await rejectsWith(client.totps.authenticate({ user_id: created.user_id, totp_code: wrongCode(reg.secret, emulatorNow()) }),
    401, "otp_code_not_found");

  const res = await client.totps.authenticate({
    user_id: created.user_id, totp_code: totp(reg.secret, emulatorNow()), session_token: created.session_token,
  });
  assert.equal(res.session_token, created.session_token);
  assert.equal(res.totp_id, reg.totp_id);
  const types = res.session.authentication_factors.map((f) => f.type).sort();
  assert.deepEqual(types, ["password", "totp"]);
  const totpFactor = res.session.authentication_factors.find((f) => f.type === "totp");
  assert.equal(totpFactor.delivery_method, "authenticator_app");
  assert.equal(totpFactor.authenticator_app_factor.totp_id, reg.totp_id);

  const local = await client.sessions.authenticateJwtLocal({ session_jwt: res.session_jwt, current_date: emulatorNow() });
  assert.ok(local.authentication_factors.some((f) => f.type === "totp"), "the fresh JWT carries the totp factor");
});

test("a client with the wrong secret gets unauthorized_credentials", async () => {
  const bad = new stytch.Client({ project_id: projectId, secret: "wrong", env: `${emu.url}/` });
  await rejectsWith(bad.sessions.authenticate({ session_token: "WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY" }),
    401, "unauthorized_credentials");
});

test("the sandbox session token authenticates", async () => {
  const res = await client.sessions.authenticate({ session_token: "WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY" });
  assert.equal(res.session.started_at, "2021-08-28T00:41:59Z");
});

// control calls a test control of the emulator with plain fetch, no credentials.
async function control(method, path, body) {
  const res = await fetch(`${emu.url}/_emulator/${path}`, {
    method, headers: { "Content-Type": "application/json" }, body: body && JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

test("a 503 injected through the test controls reaches the SDK as a StytchError", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  const before = (await control("GET", "requests")).requests["sessions/authenticate"];
  await control("POST", "faults", {
    endpoint: "sessions/authenticate", status: 503, retry_after: 2, delay_ms: 0, times: 1, body: "", reset_connection: false,
  });
  await rejectsWith(client.sessions.authenticate({ session_token: created.session_token }), 503, "internal_server_error");
  const res = await client.sessions.authenticate({ session_token: created.session_token });
  assert.equal(res.session.session_id, created.session.session_id, "times: 1, so the next call succeeds");
  const after = (await control("GET", "requests")).requests["sessions/authenticate"];
  assert.equal(after - before, 2);
});

test("an unknown fault endpoint is refused with Stytch's error envelope", async () => {
  const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ endpoint: "nope", status: 503 }) });
  const json = await res.json();
  assert.equal(res.status, 400);
  assert.equal(json.error_type, "invalid_request");
  assert.match(json.error_message, /sessions\/authenticate/);
});

// newestLink is the token of the newest magic link in the outbox for email.
async function newestLink(email) {
  const { messages } = await control("GET", `outbox?to=${encodeURIComponent(email)}`);
  assert.ok(messages.length > 0, `no message to ${email}`);
  return messages[0].token;
}

test("magicLinks.email.loginOrCreate and magicLinks.authenticate start a magic_link session, once", async () => {
  const email = uniqueEmail();
  const sent = await client.magicLinks.email.loginOrCreate({ email, login_magic_link_url: "https://app.example/auth" });
  assert.equal(sent.user_created, true);
  assert.match(sent.user_id, /^user-test-/);
  assert.match(sent.email_id, /^email-test-/);
  const { messages } = await control("GET", `outbox?to=${encodeURIComponent(email)}`);
  assert.equal(messages.length, 1);
  assert.equal(messages[0].method_id, sent.email_id);
  assert.equal(messages[0].token.length, 44);

  const res = await client.magicLinks.authenticate({ token: messages[0].token, session_duration_minutes: 60 });
  assert.equal(res.user_id, sent.user_id);
  assert.equal(res.method_id, sent.email_id);
  assert.equal(res.reset_sessions, false);
  assert.equal(res.user.password, null);
  const [factor] = res.session.authentication_factors;
  assert.equal(factor.type, "magic_link");
  assert.equal(factor.delivery_method, "email");
  assert.equal(factor.email_factor.email_address, email);
  const local = await client.sessions.authenticateJwtLocal({ session_jwt: res.session_jwt, current_date: emulatorNow() });
  assert.equal(local.session_id, res.session.session_id);

  await rejectsWith(client.magicLinks.authenticate({ token: messages[0].token, session_duration_minutes: 60 }), 401, "unable_to_auth_magic_link");
  await rejectsWith(client.magicLinks.authenticate({ token: "rM_kw42CWBhsHLF62V75jELMbvJ87njMe3tFVj7Qupu7" }), 404, "magic_link_not_found");
});

test("magicLinks.email.send and authenticate with session_token add the factor to the session", async () => {
  const email = uniqueEmail();
  const created = await client.passwords.create({ email, password, session_duration_minutes: 60 });
  const sent = await client.magicLinks.email.send({ email });
  assert.equal(sent.user_id, created.user_id);
  const res = await client.magicLinks.authenticate({ token: await newestLink(email), session_token: created.session_token });
  assert.equal(res.session_token, created.session_token);
  assert.deepEqual(res.session.authentication_factors.map((f) => f.type), ["password", "magic_link"]);

  const none = await client.magicLinks.email.send({ email });
  assert.equal(none.email_id, sent.email_id);
  const noSession = await client.magicLinks.authenticate({ token: await newestLink(email) });
  assert.equal(noSession.session_token, "");
  assert.equal(noSession.session, null);
  await rejectsWith(client.magicLinks.email.send({ email: uniqueEmail() }), 404, "email_not_found");
});

// Runs last: it moves the emulator's clock.
test("authenticateJwt falls back to the API for an expired JWT and gets a fresh one", async () => {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  await advance(600); // the 5-minute JWT has expired; the 60-minute session has not
  await assert.rejects(client.sessions.authenticateJwtLocal({ session_jwt: created.session_jwt, current_date: emulatorNow() }),
    (err) => err instanceof stytch.ClientError && err.code === "jwt_invalid");

  const res = await client.sessions.authenticateJwt({ session_jwt: created.session_jwt, current_date: emulatorNow() });
  assert.ok(res.session_jwt && res.session_jwt !== created.session_jwt, "a fresh JWT");
  assert.equal(res.session_token, created.session_token, "the API path answered");
  assert.equal(res.session.session_id, created.session.session_id);
  const local = await client.sessions.authenticateJwtLocal({ session_jwt: res.session_jwt, current_date: emulatorNow() });
  assert.equal(local.session_id, created.session.session_id);

  await advance(3600); // now the session itself has expired
  await rejectsWith(client.sessions.authenticateJwt({ session_jwt: res.session_jwt, current_date: emulatorNow() }), 404, "session_not_found");
});

// RBAC: the policy comes from fixtures/rbac-policy.json (-rbac-policy).

test("rbac.policy returns the policy file", async () => {
  const res = await client.rbac.policy();
  assert.equal(res.status_code, 200);
  assert.deepEqual(res.policy, JSON.parse(fs.readFileSync(policyFile, "utf8")));
});

test("users.create, users.update and users.get carry roles, stytch_user first", async () => {
  const created = await client.users.create({ email: uniqueEmail(), roles: ["reader"] });
  assert.match(created.user_id, /^user-test-/);
  assert.deepEqual(created.user.roles, ["stytch_user", "reader"]);
  const updated = await client.users.update({ user_id: created.user_id, roles: ["editor", "admin"] });
  assert.deepEqual(updated.user.roles, ["stytch_user", "editor", "admin"]);
  const got = await client.users.get({ user_id: created.user_id });
  assert.deepEqual(got.roles, ["stytch_user", "editor", "admin"]);
  await rejectsWith(client.users.get({ user_id: "user-test-00000000-0000-4000-8000-000000000000" }), 404, "user_not_found");
});

// editorSession is a password session whose user was then made an editor,
// authenticated again so that its JWT carries the role.
async function editorSession() {
  const created = await client.passwords.create({ email: uniqueEmail(), password, session_duration_minutes: 60 });
  await client.users.update({ user_id: created.user_id, roles: ["editor"] });
  return client.sessions.authenticate({ session_token: created.session_token });
}

test("sessions.authenticate with authorization_check: verdict, or 403 session_authorization_error", async () => {
  const s = await editorSession();
  assert.deepEqual(s.session.roles, ["stytch_user", "editor"]);
  const ok = await client.sessions.authenticate({
    session_token: s.session_token, authorization_check: { resource_id: "documents", action: "write" },
  });
  assert.deepEqual(ok.verdict, { authorized: true, granting_roles: ["editor"] });
  const byDefault = await client.sessions.authenticate({
    session_jwt: ok.session_jwt, authorization_check: { resource_id: "profile", action: "read" },
  });
  assert.deepEqual(byDefault.verdict.granting_roles, ["stytch_user"]);
  await rejectsWith(client.sessions.authenticate({
    session_token: s.session_token, authorization_check: { resource_id: "documents", action: "delete" },
  }), 403, "session_authorization_error");
  const plain = await client.sessions.authenticate({ session_token: s.session_token });
  assert.equal(plain.verdict, undefined);
});

test("authenticateJwtLocal with authorization_check uses the emulator's policy", async () => {
  const s = await editorSession();
  const session = await client.sessions.authenticateJwtLocal({
    session_jwt: s.session_jwt, authorization_check: { resource_id: "documents", action: "read" }, current_date: emulatorNow(),
  });
  assert.deepEqual(session.roles, ["stytch_user", "editor"]);
  await assert.rejects(client.sessions.authenticateJwtLocal({
    session_jwt: s.session_jwt, authorization_check: { resource_id: "documents", action: "delete" }, current_date: emulatorNow(),
  }), (err) => err.code === "invalid_permissions");
});

test("authenticateJwt with authorization_check: local pass, API fallback on a local refusal", async () => {
  const s = await editorSession();
  const check = (action) => client.sessions.authenticateJwt({
    session_jwt: s.session_jwt, authorization_check: { resource_id: "documents", action }, current_date: emulatorNow(),
  });
  const ok = await check("write");
  assert.equal(ok.session.session_id, s.session.session_id);
  await rejectsWith(check("delete"), 403, "session_authorization_error");
  // After a revocation only a local check can still pass: the pass was local.
  await client.sessions.revoke({ session_id: s.session.session_id });
  const local = await check("write");
  assert.equal(local.session_jwt, s.session_jwt);
  await rejectsWith(check("delete"), 404, "session_not_found");
});
