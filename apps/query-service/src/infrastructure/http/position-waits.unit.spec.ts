import { PositionCheck, PositionWaits } from './position-waits';

const notYet: PositionCheck = { reached: false, position: 7 };
const reached: PositionCheck = { reached: true, position: 9 };

/** A check whose answers the spec hands out one by one. */
function scriptedCheck(...answers: (PositionCheck | Promise<PositionCheck>)[]) {
  let calls = 0;
  const check = () => Promise.resolve(answers[Math.min(calls++, answers.length - 1)]);
  return { check, calls: () => calls };
}

describe('bounded minPosition waits', () => {
  it('answers a position already reflected at once, without taking a place', async () => {
    const waits = new PositionWaits({ timeoutMs: 1000, maxWaiters: 1 });
    const blocker = waits.until(scriptedCheck(notYet).check);
    await new Promise((r) => setTimeout(r, 5));

    expect(await waits.until(scriptedCheck(reached).check)).toEqual({ outcome: 'reached', check: reached });
    expect(waits.size).toBe(1);
    await blocker;
  });

  it('waits until the position is reflected', async () => {
    const waits = new PositionWaits({ timeoutMs: 5000, maxWaiters: 1 });
    const script = scriptedCheck(notYet, notYet, reached);

    expect(await waits.until(script.check)).toEqual({ outcome: 'reached', check: reached });
    expect(script.calls()).toBe(3);
    expect(waits.size).toBe(0);
  });

  it('answers busy once as many requests wait as allowed, and time-out with the last position seen', async () => {
    const waits = new PositionWaits({ timeoutMs: 100, maxWaiters: 2 });
    const waiting = [waits.until(scriptedCheck(notYet).check), waits.until(scriptedCheck(notYet).check)];
    await new Promise((r) => setTimeout(r, 5));

    expect(await waits.until(scriptedCheck(notYet).check)).toEqual({ outcome: 'busy' });
    expect(await Promise.all(waiting)).toEqual([
      { outcome: 'timed-out', check: notYet },
      { outcome: 'timed-out', check: notYet },
    ]);
    expect(waits.size).toBe(0);
  });

  it('ends a wait by its deadline when the database does not answer, and holds the place until the check returns', async () => {
    const waits = new PositionWaits({ timeoutMs: 50, maxWaiters: 1 });
    let answer!: (check: PositionCheck) => void;
    const stuck = new Promise<PositionCheck>((resolve) => (answer = resolve));

    expect(await waits.until(scriptedCheck(notYet, stuck).check)).toEqual({ outcome: 'timed-out', check: notYet });
    expect(waits.size).toBe(1);
    expect(await waits.until(scriptedCheck(notYet).check)).toEqual({ outcome: 'busy' });

    answer(reached);
    await new Promise((r) => setImmediate(r));
    expect(waits.size).toBe(0);
  });

  it('says when not even the first check was answered in time', async () => {
    const waits = new PositionWaits({ timeoutMs: 20, maxWaiters: 1 });
    const never = new Promise<PositionCheck>(() => undefined);
    expect(await waits.until(() => never)).toEqual({ outcome: 'timed-out', check: undefined });
    expect(waits.size).toBe(0);
  });

  it('with no wait allowed, checks once', async () => {
    const waits = new PositionWaits({ timeoutMs: 0, maxWaiters: 1 });
    expect(await waits.until(scriptedCheck(notYet).check)).toEqual({ outcome: 'timed-out', check: notYet });
    expect(await waits.until(scriptedCheck(reached).check)).toEqual({ outcome: 'reached', check: reached });
  });
});
