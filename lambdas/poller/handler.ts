/** Scheduled poller (EventBridge Scheduler -> Lambda): one poll cycle per invocation. */
export const handler = async (): Promise<void> => {
  throw new Error('poller handler: not implemented yet');
};
