// The virtual clock's agenda: time order, ties in scheduling order.
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../src/event-queue.js';

describe('event queue', () => {
  it('pops in time order, equal times in the order scheduled, and advances the clock', () => {
    const queue = new EventQueue<string>();
    for (const [at, name] of [[5, 'a'], [1, 'b'], [5, 'c'], [3, 'd'], [1, 'e']] as const) queue.schedule(at, name);
    const order: string[] = [];
    for (let item = queue.pop(); item !== undefined; item = queue.pop()) order.push(`${item.event}@${queue.nowMs}`);
    expect(order).toEqual(['b@1', 'e@1', 'd@3', 'a@5', 'c@5']);
  });

  it('never schedules into the past', () => {
    const queue = new EventQueue<string>();
    queue.schedule(10, 'x');
    queue.pop();
    queue.schedule(2, 'late');
    expect(queue.peekMs()).toBe(10);
  });
});
