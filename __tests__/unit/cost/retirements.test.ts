/** The retirement table's lookup against an injected date: warned within 60 days and past, silent otherwise. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeRetirement, lookUpRetirement, retirementDue } from '../../../src/cost/retirements.ts';

const TODAY = new Date('2026-12-07T15:30:00Z');

describe('retirementDue', () => {
  test('o3-pro retires in 3 days and gpt-5.2 in 5: both are due, with their dates', () => {
    assert.deepEqual(
      { date: retirementDue('o3-pro-2025-06-10', TODAY)?.date, days: retirementDue('o3-pro-2025-06-10', TODAY)?.daysLeft },
      { date: '2026-12-10', days: 3 },
    );
    assert.equal(retirementDue('gpt-5.2-2025-12-11', TODAY)?.daysLeft, 5);
  });

  test('a retired model that still answers is due, with days past as a negative count', () => {
    const due = retirementDue('gpt-4o-mini-2024-07-18', TODAY);
    assert.equal(due?.date, '2026-10-01');
    assert.equal(due?.daysLeft, -67);
    assert.equal(due?.replacement, 'gpt-4.1-mini');
  });

  test('61 days ahead is not yet due; 60 days ahead is', () => {
    assert.equal(retirementDue('gpt-5-mini-2025-08-07', TODAY), undefined, 'gpt-5-mini retires 2027-02-06, 61 days on');
    assert.equal(retirementDue('gpt-5-mini-2025-08-07', new Date('2026-12-08T00:00:00Z'))?.daysLeft, 60);
  });

  test('unknown models and versions get no warning', () => {
    for (const model of ['', 'gpt-5.6-2026-09-01', 'my-deployment', 'o3-pro-mini', 'gpt-4o-mini-tts']) {
      assert.equal(retirementDue(model, TODAY), undefined, model);
      assert.equal(lookUpRetirement(model), undefined, model);
    }
  });
});

describe('describeRetirement', () => {
  test('names the date, the days left and the replacement Microsoft suggests', () => {
    const due = retirementDue('gpt-4.1-2025-04-14', new Date('2026-10-10T00:00:00Z'));
    assert.ok(due);
    assert.equal(
      describeRetirement('gpt-4.1-2025-04-14', due),
      "Model gpt-4.1-2025-04-14 retires on 2026-10-14 (in 4 days) (Microsoft's retirement schedule); Microsoft suggests gpt-5 instead, and move the deployment to it before then.",
    );
  });

  test('a past date says how long ago; no replacement says so', () => {
    const due = retirementDue('o3-pro', new Date('2026-12-11T00:00:00Z'));
    assert.ok(due);
    assert.match(describeRetirement('o3-pro', due), /was retired on 2026-12-10, 1 day ago .*Microsoft names no replacement/);
  });
});
