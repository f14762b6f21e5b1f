// A Redis server of one's own on a free loopback port (Debian's redis-server, no persistence), for
// the queue tests and the scale bench; its owner stops it (proc.kill()).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { checkRedis } from './common.ts';

export const hasRedisServer = (): boolean => spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).status === 0;

/** A TCP port free on 127.0.0.1 at the time of asking. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on a free loopback port and waits until it answers (about 10 s at most). */
export async function startLocalRedis(): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      await checkRedis(url);
      return { url, proc };
    } catch (err) {
      if (i > 100 || proc.exitCode !== null) {
        proc.kill('SIGKILL');
        throw err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
