import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  activeFilters,
  activityText,
  applyItemChange,
  applyWindow,
  CARD_PAGE,
  covers,
  EMPTY_WINDOW,
  loadingText,
  matchNamespaces,
  MIN_LIMIT,
  neededWindow,
  nextSort,
  NO_QUERY,
  OVERSCAN,
  pageCount,
  pageOf,
  ROW_HEIGHT,
  viewParams,
  windowItems
} from './table';
import type { IWindowEvent } from './table';
import { workspaceItem } from '../testing/workspaces';
import { plainTrans } from '../trans';
import type { IWorkspaceItem } from './types';

function item(
  name: string,
  namespace = 'team-a',
  state = 'Running'
): IWorkspaceItem {
  return workspaceItem({
    name,
    namespace,
    displayName: name,
    state,
    created: '2026-01-01T00:00:00Z'
  });
}

test('the parameters leave out what is not set, and trim what is', () => {
  assert.deepEqual(
    viewParams(NO_QUERY, { offset: 0, limit: 40, selected: '' }),
    { sort: 'name', order: 'asc', offset: '0', limit: '40' }
  );
  assert.deepEqual(
    viewParams(
      {
        ...NO_QUERY,
        search: ' churn ',
        state: 'Paused',
        labels: 'team=a',
        sort: 'gpu',
        order: 'desc'
      },
      { offset: 120, limit: 60, selected: 'team-a/x' }
    ),
    {
      sort: 'gpu',
      order: 'desc',
      offset: '120',
      limit: '60',
      search: 'churn',
      state: 'Paused',
      labels: 'team=a',
      selected: 'team-a/x'
    }
  );
});

/** The first window of a query: the rows of these team-a workspaces, all sent. */
function firstWindow(names: string[], total: number): IWindowEvent {
  return {
    seq: 0,
    total,
    offset: 0,
    keys: names.map(name => `team-a/${name}`),
    selected: null,
    items: names.map(name => item(name))
  };
}

test('a window merges the items sent and keeps only its rows and the selected', () => {
  const first = applyWindow(EMPTY_WINDOW, firstWindow(['a', 'b'], 3));
  assert.deepEqual(
    windowItems(first).map(i => i.name),
    ['a', 'b']
  );
  // Scrolled by one: b is held already (not sent again), c is new, a is dropped.
  const second = applyWindow(first, {
    seq: 1,
    total: 3,
    offset: 1,
    keys: ['team-a/b', 'team-a/c'],
    selected: 'team-a/a',
    items: [item('c')]
  });
  assert.equal(second.items.get('team-a/b'), first.items.get('team-a/b'));
  assert.deepEqual([...second.items.keys()].sort(), [
    'team-a/a',
    'team-a/b',
    'team-a/c'
  ]);
  const third = applyWindow(second, {
    seq: 2,
    total: 3,
    offset: 1,
    keys: ['team-a/b', 'team-a/c'],
    selected: null,
    items: [item('b', 'team-a', 'Paused')]
  });
  assert.equal(third.items.has('team-a/a'), false);
  assert.equal(third.items.get('team-a/b')?.state, 'Paused');
  assert.equal(third.offset, 1);
});

test("an action's answer updates a held row at once; a deletion removes it", () => {
  const held = applyWindow(EMPTY_WINDOW, firstWindow(['a', 'b'], 2));
  const paused = applyItemChange(held, { ...item('a'), paused: true });
  assert.equal(paused.items.get('team-a/a')?.paused, true);
  assert.equal(applyItemChange(held, item('zz')), held); // not shown: nothing to do
  const gone = applyItemChange(held, item('a'), true);
  assert.deepEqual(gone.keys, ['team-a/b']);
  assert.equal(gone.total, 1);
});

test('the window asked covers the screen with some rows more on each side', () => {
  assert.deepEqual(neededWindow(0, 10 * ROW_HEIGHT, 1000), {
    offset: 0,
    limit: MIN_LIMIT
  });
  const far = neededWindow(500 * ROW_HEIGHT, 30 * ROW_HEIGHT, 50000);
  assert.equal(far.offset, 500 - OVERSCAN);
  assert.equal(far.limit, 31 + 2 * OVERSCAN);
  assert.ok(covers(far, 500, 31, 50000));
  assert.ok(!covers(far, 500 + OVERSCAN + 5, 31, 50000));
  // Near the end the window may be shorter than the screen.
  assert.ok(covers({ offset: 990, limit: 10 }, 995, 20, 1000));
});

test('sorting a column twice reverses it; another column starts ascending', () => {
  assert.deepEqual(nextSort(NO_QUERY, 'name'), { sort: 'name', order: 'desc' });
  assert.deepEqual(nextSort({ ...NO_QUERY, order: 'desc' }, 'name'), {
    sort: 'name',
    order: 'asc'
  });
  assert.deepEqual(nextSort({ ...NO_QUERY, order: 'desc' }, 'gpu'), {
    sort: 'gpu',
    order: 'asc'
  });
});

test('filters are counted; the search is not', () => {
  assert.equal(activeFilters({ ...NO_QUERY, search: 'x' }), 0);
  assert.equal(
    activeFilters({ ...NO_QUERY, state: 'Error', labels: ' team=a ' }),
    2
  );
});

test('a thousand namespaces: exact match first, then prefix, then substring, bounded', () => {
  const names = Array.from(
    { length: 1000 },
    (_, i) => `ns-${String(i).padStart(4, '0')}`
  );
  names.push('team-a', 'my-team-a', 'team-ab');
  assert.deepEqual(matchNamespaces(names, 'TEAM-A', 50).shown, [
    'team-a',
    'team-ab',
    'my-team-a'
  ]);
  const all = matchNamespaces(names, '', 50);
  assert.equal(all.shown.length, 50);
  assert.equal(all.more, 953);
  assert.deepEqual(matchNamespaces(names, 'ns-09', 5), {
    shown: ['ns-0900', 'ns-0901', 'ns-0902', 'ns-0903', 'ns-0904'],
    more: 95
  });
});

test('last activity reads as a time ago', () => {
  const now = Date.UTC(2026, 0, 2);
  assert.equal(activityText(null, plainTrans, now), '—');
  assert.equal(activityText(now - 30_000, plainTrans, now), 'just now');
  assert.equal(activityText(now - 5 * 60_000, plainTrans, now), '5 min ago');
  assert.equal(activityText(now - 3 * 3600_000, plainTrans, now), '3 h ago');
  assert.equal(activityText(now - 86400_000, plainTrans, now), '1 day ago');
});

test('a page of cards is a window of the query: the last page holds what is left', () => {
  assert.equal(pageCount(0), 1);
  assert.equal(pageCount(CARD_PAGE), 1);
  assert.equal(pageCount(CARD_PAGE + 1), 2);
  assert.equal(pageCount(50000), Math.ceil(50000 / CARD_PAGE));
  assert.deepEqual(pageOf(0, 5), { offset: 0, limit: 5 });
  assert.deepEqual(pageOf(1, CARD_PAGE + 3), { offset: CARD_PAGE, limit: 3 });
  assert.deepEqual(pageOf(2, 50000), {
    offset: 2 * CARD_PAGE,
    limit: CARD_PAGE
  });
  // a page past the end (the total shrank) holds nothing, never a negative count
  assert.deepEqual(pageOf(3, CARD_PAGE), { offset: 3 * CARD_PAGE, limit: 0 });
});

test('a window of a first list still coming in says what is loading, then nothing', () => {
  const event = {
    seq: 0,
    total: 500,
    offset: 0,
    keys: ['team-a/a'],
    selected: null,
    items: [item('a')]
  };
  const loading = applyWindow(EMPTY_WINDOW, {
    ...event,
    loading: { namespaces: 640, workspaces: 31500 }
  });
  assert.deepEqual(loading.loading, { namespaces: 640, workspaces: 31500 });
  assert.equal(
    loadingText(loading.loading, plainTrans),
    `Still loading 640 namespaces (about ${(31500).toLocaleString()} workspaces to go): the rows read so far are shown.`
  );
  assert.equal(
    loadingText({ namespaces: 1, workspaces: null }, plainTrans),
    'Still loading 1 namespace: the rows read so far are shown.'
  );
  // the list is whole: the next window has no loading, and the note goes
  const whole = applyWindow(loading, { ...event, seq: 1, total: 50000 });
  assert.equal(whole.loading, null);
  assert.equal(loadingText(whole.loading, plainTrans), null);
});
