/** `welink sandbox` as integrators run it: a real process, a real port, the control API answering. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { expect, it } from "vitest";

it("welink sandbox --port 0 --seed 9 serves the world and stops on SIGTERM", async () => {
  const child = spawn(
    process.execPath,
    ["bin/welink.mjs", "sandbox", "--port", "0", "--seed", "9", "--members", "200"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  try {
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /on (http:\/\/[^ ]+) /.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const health = await fetch(`${url}/_sandbox/health`).then((r) => r.json());
    expect(health).toMatchObject({ ok: true, seed: 9, members: 209 });
  } finally {
    child.kill("SIGTERM");
    if (child.exitCode === null) await once(child, "exit");
  }
  expect(child.exitCode === 0 || child.signalCode === "SIGTERM").toBe(true);
});
