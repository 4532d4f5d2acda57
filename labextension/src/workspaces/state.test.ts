import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  activityLines,
  ALL_NAMESPACES,
  autoPauseNote,
  COMMAND_IDS,
  denyNote,
  isDenied,
  itemKey,
  usageNote,
  withoutDenied,
  durationWords,
  isControllerDown,
  offeredActions,
  phaseLabel,
  stateClass
} from './state';
import {
  kindOption,
  optionStatus,
  workspaceItem,
  workspaceKind
} from '../testing/workspaces';
import { plainTrans } from '../trans';
import type { IActivity, IWorkspaceItem, IWorkspaceKind } from './types';

function item(
  state: string,
  paused: boolean,
  phase?: string,
  activity?: Partial<IActivity>
): IWorkspaceItem {
  return workspaceItem({
    state,
    phase,
    paused,
    imageConfig: optionStatus('a'),
    podConfig: optionStatus('b'),
    services: [{ id: 'jupyterlab', displayName: 'JupyterLab', url: '/x/' }],
    url: '/x/',
    activity: activity
      ? {
          lastActivity: null,
          lastUpdate: null,
          lastProbe: null,
          lastRunningTime: null,
          pauseEligibleAfter: null,
          autoPaused: false,
          idleLimitSeconds: null,
          probe: null,
          ...activity
        }
      : undefined
  });
}

test('badges: Running green, Paused grey, Pending/Terminating amber, Error red', () => {
  assert.equal(stateClass('Running'), 'jp-mod-running');
  assert.equal(stateClass('Paused'), 'jp-mod-paused');
  assert.equal(stateClass('Pending'), 'jp-mod-pending');
  assert.equal(stateClass('Terminating'), 'jp-mod-pending');
  assert.equal(stateClass('Pausing'), 'jp-mod-pending');
  assert.equal(stateClass('Starting'), 'jp-mod-pending');
  assert.equal(stateClass('Error'), 'jp-mod-error');
  assert.equal(stateClass('Unknown'), 'jp-mod-unknown');
  assert.equal(stateClass(''), 'jp-mod-unknown');
});

test('the commands the tests and the palette share keep their ids', () => {
  assert.equal(COMMAND_IDS.open, 'kubeflow:open-workspaces');
  assert.equal(COMMAND_IDS.pause, 'kubeflow:workspace-pause');
  assert.equal(COMMAND_IDS.resume, 'kubeflow:workspace-resume');
  assert.equal(COMMAND_IDS.delete, 'kubeflow:workspace-delete');
  assert.equal(COMMAND_IDS.create, 'kubeflow:workspace-create');
  assert.equal(COMMAND_IDS.applyRedirect, 'kubeflow:workspace-apply-redirect');
});

test('transitions read as such', () => {
  assert.equal(phaseLabel('Pausing', plainTrans), 'Pausing…');
  assert.equal(phaseLabel('Running', plainTrans), 'Running');
});

test('a phase this version does not know is shown as the server sent it', () => {
  // The phases are a table: a phase named like an object's own property (data from the
  // server) must not read the table's prototype.
  for (const phase of ['Hibernating', 'constructor', 'toString', '__proto__']) {
    assert.equal(phaseLabel(phase, plainTrans), phase);
    assert.equal(stateClass(phase), 'jp-mod-unknown');
  }
  assert.equal(phaseLabel('', plainTrans), 'Unknown');
});

test('pausing: neither pause nor resume (upstream 409s), no connect', () => {
  // spec.paused is true but the controller still reports Running: the pod is stopping.
  const offered = offeredActions(item('Running', true, 'Pausing'), plainTrans);
  assert.equal(offered.toggle, null);
  assert.match(offered.waitNote ?? '', /once it has paused/);
  assert.match(offered.connectRefusal ?? '', /not running/);
});

test('running: connect and pause; paused: resume only', () => {
  const running = offeredActions(item('Running', false, 'Running'), plainTrans);
  assert.equal(running.toggle, 'pause');
  assert.equal(running.connectRefusal, undefined);
  const paused = offeredActions(item('Paused', true, 'Paused'), plainTrans);
  assert.equal(paused.toggle, 'resume');
  assert.match(paused.connectRefusal ?? '', /resume it first/);
  // Resumed, the controller not caught up yet: Starting, pause possible, no connect.
  const starting = offeredActions(
    item('Paused', false, 'Starting'),
    plainTrans
  );
  assert.equal(starting.toggle, 'pause');
  assert.match(starting.connectRefusal ?? '', /Starting/);
});

test('a pod that is not ready offers Restart; a restart under way offers neither', () => {
  const broken = {
    ...item('Error', false, 'Error'),
    changesApply: 'restart' as const
  };
  const offered = offeredActions(broken, plainTrans);
  assert.equal(offered.toggle, 'pause');
  assert.equal(offered.restart, true);
  assert.equal(
    offeredActions(item('Running', false, 'Running'), plainTrans).restart,
    false
  );
  const restarting = offeredActions(
    {
      ...item('Error', true, 'Restarting'),
      restartPending: true
    },
    plainTrans
  );
  assert.equal(restarting.toggle, null);
  assert.match(
    restarting.waitNote ?? '',
    /resumes the workspace once it has paused/
  );
});

test('auto-pause: why a workspace was paused, and when a running one will be', () => {
  const paused = item('Paused', true, 'Paused', {
    autoPaused: true,
    lastActivity: Date.UTC(2026, 0, 1),
    idleLimitSeconds: 7200
  });
  assert.match(
    autoPauseNote(paused, plainTrans) ?? '',
    /Paused automatically for inactivity/
  );
  assert.match(
    autoPauseNote(paused, plainTrans) ?? '',
    /The idle limit is 2 h\./
  );
  const running = item('Running', false, 'Running', {
    pauseEligibleAfter: 2000,
    lastActivity: 1000,
    probe: { probeIntervalSeconds: 3600, kind: 'jupyter' }
  });
  assert.match(
    autoPauseNote(running, plainTrans, 1500) ?? '',
    /will be paused if idle after/
  );
  assert.match(
    autoPauseNote(running, plainTrans, 3000) ?? '',
    /at the next activity check/
  );
  assert.match(autoPauseNote(running, plainTrans, 3000) ?? '', /every 60 min/);
  assert.equal(
    autoPauseNote(item('Paused', true, 'Paused', {}), plainTrans),
    null
  );
  assert.equal(durationWords(86400, plainTrans), '24 h');
  assert.equal(durationWords(3 * 86400, plainTrans), '3 days');
});

test('an error naming the unreachable controller is recognised', () => {
  assert.equal(
    isControllerDown({ details: { controller: 'unreachable' } }),
    true
  );
  assert.equal(isControllerDown(new Error('x')), false);
  assert.equal(isControllerDown(null), false);
});

test('auto-pause: the time the controller would pause it, when the server knows it', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const eligible = now - 60000;
  const at = now + 5 * 60000;
  const base = {
    lastActivity: now - 3600000,
    pauseEligibleAfter: eligible,
    idleLimitSeconds: 3600
  };
  const without = autoPauseNote(
    item('Running', false, 'Running', base),
    plainTrans,
    now
  );
  assert.match(without ?? '', /may be paused at the next activity check/);
  const withAt = autoPauseNote(
    item('Running', false, 'Running', { ...base, autoPauseAt: at }),
    plainTrans,
    now
  );
  assert.ok(withAt?.includes(new Date(at).toLocaleString()), withAt ?? '');
  assert.match(withAt ?? '', /\(in 5 min\) if still idle/);
  assert.doesNotMatch(withAt ?? '', /next activity check/);
});

test('all namespaces is a value no namespace can have', () => {
  assert.doesNotMatch(ALL_NAMESPACES, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  assert.notEqual(
    itemKey({ namespace: 'team-a', name: 'x' }),
    itemKey({ namespace: 'team-b', name: 'x' })
  );
  assert.equal(COMMAND_IDS.logs, 'kubeflow:workspace-logs');
});

test('activity lines: last activity and the last probe, a failure as a warning', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const lines = activityLines(
    item('Running', false, 'Running', {
      lastActivity: now - 5 * 60000,
      lastProbe: {
        result: 'Failure',
        message: 'jupyter did not answer',
        endTime: now - 30000
      }
    }),
    plainTrans,
    now
  );
  assert.deepEqual(
    lines.map(line => [line.label, line.text, !!line.warn]),
    [
      ['Last activity', '5 min ago', false],
      ['Last probe', 'Failure, 30 s ago: jupyter did not answer', true]
    ]
  );
  const ok = activityLines(
    item('Running', false, 'Running', {
      lastProbe: { result: 'Success', message: '', endTime: null }
    }),
    plainTrans,
    now
  );
  assert.deepEqual(
    ok.map(line => [line.text, !!line.warn]),
    [['Success', false]]
  );
  assert.deepEqual(activityLines(item('Running', false), plainTrans), []);
});

const option = kindOption;

test('denied options: hidden from a new form, their reason and usage said', () => {
  const denied = option('big', {
    restrictions: {
      deny: true,
      denyMessage: { text: 'GPUs are not for team-b', level: 'Warning' }
    },
    workspacesCount: 1
  });
  const allowed = option('small', {
    restrictions: { deny: false, denyMessage: null },
    workspacesCount: 3
  });
  const kind: IWorkspaceKind = workspaceKind({
    imageConfig: { default: 'img', options: [option('img')] },
    podConfig: { default: 'big', options: [denied, allowed] }
  });
  assert.equal(isDenied(denied), true);
  assert.equal(isDenied(allowed), false);
  assert.equal(isDenied(option('plain')), false);
  assert.equal(denyNote(denied, 'team-b'), 'GPUs are not for team-b');
  assert.equal(
    denyNote(
      option('x', { restrictions: { deny: true, denyMessage: null } }),
      'team-b'
    ),
    'Not allowed in team-b.'
  );
  assert.equal(usageNote(denied), '1 workspace');
  assert.equal(usageNote(allowed), '3 workspaces');
  assert.equal(usageNote(option('plain')), '');
  const offered = withoutDenied(kind)!;
  assert.deepEqual(
    offered.podConfig.options.map(one => [one.id, one.hidden]),
    [
      ['big', true],
      ['small', false]
    ]
  );
  // The kind itself is not changed.
  assert.equal(kind.podConfig.options[0].hidden, false);
});
