"use strict";
// Starts the stytch-emulator binary for the conformance tests.
//
// The binary is $EMULATOR_BIN when set; otherwise it is built from the
// repository with `go build ./cmd/stytch-emulator` into a temporary directory.

const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const readline = require("node:readline");

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const readyLine = /^stytch-emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/;

function emulatorBinary() {
  if (process.env.EMULATOR_BIN) return { bin: process.env.EMULATOR_BIN, dir: null };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stytch-emulator-"));
  const bin = path.join(dir, "stytch-emulator");
  execFileSync("go", ["build", "-o", bin, "./cmd/stytch-emulator"], { cwd: repoRoot, stdio: "inherit" });
  return { bin, dir };
}

// start runs the emulator on a free loopback port (with the RBAC policy
// file rbacPolicy, when given) and resolves to {url, stop}; stop() sends
// SIGTERM and resolves to the exit code.
async function start({ projectId, secret, rbacPolicy }) {
  const { bin, dir } = emulatorBinary();
  const child = spawn(bin, [
    "-addr", "127.0.0.1:0", "-project-id", projectId, "-secret", secret, "-enable-test-controls",
    ...(rbacPolicy ? ["-rbac-policy", rbacPolicy] : []),
  ], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  const lines = readline.createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no ready line within 30 s")), 30_000);
    child.on("error", reject);
    child.on("exit", () => reject(new Error("the emulator exited before it was ready")));
    lines.once("line", (line) => {
      clearTimeout(timer);
      const m = readyLine.exec(line);
      m ? resolve(m[1]) : reject(new Error(`unexpected ready line ${JSON.stringify(line)}`));
    });
  });
  const stop = async () => {
    child.kill("SIGTERM");
    const code = await exited;
    lines.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    return code;
  };
  return { url, stop };
}

module.exports = { start };
