/** Waiting for one typed reply from a forked benchmark child (fixture or cycle runner). */
import type { ChildProcess } from 'node:child_process';

/** Resolves with the child's next message of `type`; rejects on its `failed` message or its exit. */
export function nextReply<R extends { type: string }, T extends R['type']>(child: ChildProcess, type: T, what: string): Promise<Extract<R, { type: T }>> {
  return new Promise((ok, fail) => {
    const onMessage = (msg: R) => {
      if (msg.type === type) {
        cleanup();
        ok(msg as Extract<R, { type: T }>);
      } else if (msg.type === 'failed') {
        cleanup();
        fail(new Error(`${what}: ${(msg as unknown as { error: string }).error}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      fail(new Error(`${what} exited (code ${code}) before answering '${type}'`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
