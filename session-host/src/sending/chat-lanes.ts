/** Runs `work` on every item with up to `width` chats in flight at once: one chat's items go one
 * after another in the order given, while other chats' items go meanwhile. A send that waits (a
 * media upload, a slow recipient check, a retried query) then holds up only its own chat. */
export async function inChatLanes<T>(items: readonly T[], chatOf: (item: T) => string, width: number, work: (item: T) => Promise<void>): Promise<void> {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const chat = chatOf(item);
    const lane = lanes.get(chat);
    if (lane) lane.push(item);
    else lanes.set(chat, [item]);
  }
  const waiting = [...lanes.values()];
  const runner = async () => {
    for (let lane = waiting.shift(); lane; lane = waiting.shift()) {
      for (const item of lane) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, waiting.length)) }, runner));
}
