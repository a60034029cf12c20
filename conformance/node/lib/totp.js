"use strict";
// RFC 6238 TOTP (SHA-1, 6 digits, 30 s), computed independently of the emulator.

const crypto = require("node:crypto");

function base32Decode(s) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const out = [];
  for (const c of s.replace(/=+$/, "").toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`invalid base32 character ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totp(secretBase32, date = new Date()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(date.getTime() / 1000 / 30)));
  const sum = crypto.createHmac("sha1", base32Decode(secretBase32)).update(counter).digest();
  const off = sum[sum.length - 1] & 0x0f;
  return String((sum.readUInt32BE(off) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

// wrongCode returns a 6-digit code that no step in the ±1 window accepts.
function wrongCode(secretBase32, date = new Date()) {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp(secretBase32, new Date(date.getTime() + d))));
  for (let i = 0; ; i++) {
    const code = String(i).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}

module.exports = { totp, wrongCode };
