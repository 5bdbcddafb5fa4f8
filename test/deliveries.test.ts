import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryLog } from '../src/server/deliveries.js';
import { removeTemporary, temporaryFolder } from './helpers.js';

afterEach(removeTemporary);

const WINDOW = 300_000;
const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('DeliveryLog', () => {
  it('remembers answers across reopening, skips a torn last line, and refuses a delivery that was interrupted', async () => {
    const file = path.join(temporaryFolder(), 'cache', 'deliveries.jsonl');
    const now = 1_700_000_000_000;
    const log = DeliveryLog.open(file, now);
    expect(log.claim('a', now, now + WINDOW)).toEqual({ seen: false });
    log.answer('a', { status: 200, body: { ok: true } });
    expect(log.claim('b', now, now + WINDOW)).toEqual({ seen: false });
    // 'b' is being applied when the process dies; a half-written line follows.
    log.close();
    appendFileSync(file, '{"id":"c","at":17');

    const reopened = DeliveryLog.open(file, now + 1000);
    const a = reopened.claim('a', now + 1000, now + WINDOW);
    expect(a).toMatchObject({ seen: true, pending: false, firstSeen: now });
    expect(a.seen && (await a.answer)).toEqual({ status: 200, body: { ok: true } });
    const b = reopened.claim('b', now + 1000, now + WINDOW);
    expect(b.seen && (await b.answer)).toMatchObject({ status: 409, body: { error: 'delivery-interrupted' } });
    expect(reopened.claim('c', now + 1000, now + WINDOW)).toEqual({ seen: false });
    reopened.close();
  });

  it('lets a retry wait for the first attempt, and apply afresh when that one was dropped', async () => {
    const file = path.join(temporaryFolder(), 'deliveries.jsonl');
    const log = DeliveryLog.open(file, 0);
    log.claim('x', 0, WINDOW);
    const retry = log.claim('x', 1, WINDOW);
    expect(retry).toMatchObject({ seen: true, pending: true });
    log.forget('x');
    expect(retry.seen && (await retry.answer)).toBeUndefined();
    expect(log.claim('x', 2, WINDOW)).toEqual({ seen: false });
    log.close();
  });

  it('drops deliveries once their timestamp is out of the window, so the file stays bounded', () => {
    const file = path.join(temporaryFolder(), 'deliveries.jsonl');
    const log = DeliveryLog.open(file, 0);
    // One delivery every five seconds for an hour, each answered.
    const step = 5000;
    const end = 3_600_000;
    for (let now = 0; now < end; now += step) {
      const id = `d${now}`;
      expect(log.claim(id, now, now + WINDOW)).toEqual({ seen: false });
      log.answer(id, { status: 200, body: {} });
    }
    // The last 300 seconds' deliveries are live; the file holds at most about twice that.
    const live = WINDOW / step + 1;
    expect(log.size).toBeLessThanOrEqual(live);
    expect(lines(file).length).toBeLessThanOrEqual(2 * live + 64 + 2);
    expect(log.claim(`d${end - step}`, end, end + WINDOW)).toMatchObject({ seen: true });
    expect(log.claim('d0', end, end + WINDOW)).toEqual({ seen: false });
    log.close();
    expect(DeliveryLog.open(file, end).size).toBeLessThanOrEqual(live + 1);
  }, 30_000);
});
