/**
 * The lint-level check of translations: reads every source file with the TypeScript
 * compiler and finds user-visible strings that do not go through the translator (a JSX
 * text, a `title`/`aria-label`/`placeholder`/`label` attribute, a string a JSX child
 * shows, a command's or dialog's `label`/`caption`/`title`, a notification's message).
 * `translations.render.test.ts` renders the surfaces with a marking translator; this one
 * also covers what no render reaches (error branches, dialogs opened later).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const SRC = join(__dirname, '..', 'src');

/** JSX attributes a user reads (or hears). */
const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'aria-label',
  'aria-description',
  'placeholder',
  'label',
  'alt',
  'caption',
  'heading'
]);

/** Object keys whose string a user reads: commands, dialogs, notifications, actions. */
const VISIBLE_KEYS = new Set([
  'label',
  'caption',
  'title',
  'message',
  'placeholder',
  'heading',
  'body',
  'tooltip',
  'category'
]);

/** Calls whose first string argument is shown: notifications and error dialogs. */
const SHOWING_CALLS =
  /^(Notification\.(error|info|success|warning|emit|promise|update)|showErrorMessage|showDialog)$/;

/** The translator's functions: their arguments are translated (or data). */
const TRANSLATING_CALLS = /(^|\.)(__|_n|_p|_np)$/;

/** Files not yet translated; the list only shrinks (issue 25). */
const PENDING: readonly string[] = [];

/** A string a user would read: has a letter (not only punctuation, numbers, icons). */
function readable(text: string): boolean {
  return /\p{L}/u.test(text);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sources(path);
    }
    return /\.tsx?$/.test(entry.name) &&
      !/\.test\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

interface IBare {
  file: string;
  line: number;
  text: string;
}

function insideTranslatingCall(node: ts.Node): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (
      ts.isCallExpression(at) &&
      TRANSLATING_CALLS.test(at.expression.getText())
    ) {
      return true;
    }
    if (ts.isJsxElement(at) || ts.isSourceFile(at) || ts.isBlock(at)) {
      return false;
    }
  }
  return false;
}

/** The strings an expression shows as its value (through `a ? b : c`, `a && b`, `a ?? b`). */
function shownStrings(expression: ts.Expression | undefined): ts.Node[] {
  if (!expression) {
    return [];
  }
  if (
    ts.isStringLiteral(expression) ||
    ts.isNoSubstitutionTemplateLiteral(expression) ||
    ts.isTemplateExpression(expression)
  ) {
    return [expression];
  }
  if (ts.isParenthesizedExpression(expression)) {
    return shownStrings(expression.expression);
  }
  if (ts.isConditionalExpression(expression)) {
    return [
      ...shownStrings(expression.whenTrue),
      ...shownStrings(expression.whenFalse)
    ];
  }
  if (
    ts.isBinaryExpression(expression) &&
    [
      ts.SyntaxKind.AmpersandAmpersandToken,
      ts.SyntaxKind.BarBarToken,
      ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.PlusToken
    ].includes(expression.operatorToken.kind)
  ) {
    return [
      ...shownStrings(expression.left),
      ...shownStrings(expression.right)
    ];
  }
  return [];
}

/** The literal text of a string node (a template's literal parts). */
function literalText(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return [
      node.head.text,
      ...node.templateSpans.map(s => s.literal.text)
    ].join(' ');
  }
  return node.getText();
}

/** One source file's syntax tree (JSX read as such in a .tsx). */
function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  );
}

/** The bare user-visible strings of one file. */
export function bareStrings(file: string, text: string): IBare[] {
  const source = parse(file, text);
  const found: IBare[] = [];
  const report = (node: ts.Node, shown: string) => {
    if (readable(shown) && !insideTranslatingCall(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push({ file, line: line + 1, text: shown.trim().slice(0, 60) });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      report(node, node.text);
    } else if (
      ts.isJsxExpression(node) &&
      node.parent &&
      !ts.isJsxAttribute(node.parent)
    ) {
      shownStrings(node.expression).forEach(s => report(s, literalText(s)));
    } else if (
      ts.isJsxAttribute(node) &&
      VISIBLE_ATTRIBUTES.has(node.name.getText()) &&
      node.initializer
    ) {
      const value = node.initializer;
      const strings = ts.isStringLiteral(value)
        ? [value]
        : ts.isJsxExpression(value)
          ? shownStrings(value.expression)
          : [];
      strings.forEach(s => report(s, literalText(s)));
    } else if (
      ts.isPropertyAssignment(node) &&
      VISIBLE_KEYS.has(node.name.getText().replace(/['"]/g, ''))
    ) {
      shownStrings(node.initializer).forEach(s => report(s, literalText(s)));
    } else if (
      ts.isCallExpression(node) &&
      SHOWING_CALLS.test(node.expression.getText())
    ) {
      // showErrorMessage(title, body): both are read
      node.arguments
        .slice(0, /showErrorMessage/.test(node.expression.getText()) ? 2 : 1)
        .flatMap(argument => shownStrings(argument))
        .forEach(s => report(s, literalText(s)));
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      VISIBLE_KEYS.has(node.left.name.text)
    ) {
      // widget.title.label = '…', button.title = '…'
      shownStrings(node.right).forEach(s => report(s, literalText(s)));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** How many leading arguments of each translating call are its message (ids, context). */
const MESSAGE_ARGUMENTS: Record<string, number> = {
  __: 1,
  _n: 2,
  _p: 2,
  _np: 3
};

/** A name of code or configuration (`c.KubeflowExtension.kfp_host`), not words. */
function codeName(text: string): boolean {
  return /^[\w.:/-]+$/.test(text) && /[._:/]/.test(text);
}

/**
 * A literal passed as a placeholder's value that a translator would need to see: words,
 * and punctuation too (a language may write its own parentheses, colon or ellipsis, or put
 * them elsewhere), but not a name of code nor a lone mark standing for a missing value.
 */
function gluedText(text: string): boolean {
  const shown = text.trim();
  return shown !== '' && !codeName(shown) && !['?', '-', '—'].includes(shown);
}

/**
 * Words glued into a message from code: a string literal passed as a placeholder's value
 * (`trans.__('%1 workspace%2', n, n === 1 ? '' : 's')`, `' in ' + ns`). A translator sees
 * the message without them, so no language but English can say it: each such sentence
 * must be whole (one message per case, `_n` for plurals).
 */
export function gluedFragments(file: string, text: string): IBare[] {
  const source = parse(file, text);
  const found: IBare[] = [];
  const visit = (node: ts.Node): void => {
    const callee = ts.isCallExpression(node) ? node.expression.getText() : '';
    if (ts.isCallExpression(node) && TRANSLATING_CALLS.test(callee)) {
      const kind = callee.replace(/^.*\./, '');
      node.arguments
        .slice(MESSAGE_ARGUMENTS[kind] ?? 1)
        .flatMap(argument => shownStrings(argument))
        .filter(s => gluedText(literalText(s)))
        .forEach(s => {
          const { line } = source.getLineAndCharacterOfPosition(s.getStart());
          found.push({
            file,
            line: line + 1,
            text: literalText(s).slice(0, 60)
          });
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('the glue check finds words passed into a message, not values or messages', () => {
  const found = gluedFragments(
    'sample.tsx',
    `
    trans.__('%1 workspace%2', n, n === 1 ? '' : 's');
    trans.__('Workspace %1%2', name, all ? \` in \${ns}\` : '');
    trans._n('%2 run', '%2 runs', n, n.toLocaleString());
    trans.__('In %1: %2', ns, trans.__('nothing'));
    trans.__('Size %1', '42 MB'.length > 0 ? size : '-');
    trans.__('Set %1', 'c.KubeflowExtension.kfp_host');
    trans.__('Filters%1', count ? \` (\${count})\` : '');
    trans.__('%1 of %2 steps done%3', done, all, active ? '…' : '');
    trans.__('%1 (bound %2)', size ?? '?', capacity);
    `
  );
  assert.deepEqual(
    found.map(f => f.text),
    ['s', ' in  ', ' ( )', '…']
  );
});

test('no message has words glued into it from code (issue 25)', () => {
  const glued = sources(SRC)
    .map(file => relative(SRC, file))
    .flatMap(file =>
      gluedFragments(file, readFileSync(join(SRC, file), 'utf8'))
    );
  assert.deepEqual(
    glued.map(g => `${g.file}:${g.line}: ${g.text}`),
    [],
    'make each case its own whole message (see docs/jupyterlab.md, Translations)'
  );
});

test('the check finds the bare strings of each kind, and not translated ones', () => {
  const found = bareStrings(
    'sample.tsx',
    `
    const a = <p title="Bare title">Bare text {trans.__('Done %1', n)}</p>;
    const b = <p aria-label={trans.__('Fine')}>{ok ? 'Bare yes' : trans.__('No')}</p>;
    app.commands.addCommand('x', { label: 'Bare label', caption: trans.__('Fine') });
    Notification.error('Bare failure', { autoClose: false });
    main.title.label = 'Bare tab';
    const c = <input placeholder={\`Bare \${what}\`} className="not-shown" />;
    const d = <span>{trans.__('Fine')} · 42 {' '}</span>;
    `
  );
  assert.deepEqual(
    found.map(f => f.text),
    [
      'Bare title',
      'Bare text',
      'Bare yes',
      'Bare label',
      'Bare failure',
      'Bare tab',
      'Bare'
    ]
  );
});

test('no user-visible string escapes the translator (issue 25)', () => {
  const files = sources(SRC);
  assert.ok(files.length > 50, `sources found: ${files.length}`);
  const bare = files
    .map(file => relative(SRC, file))
    .filter(file => !PENDING.some(pending => file.startsWith(pending)))
    .flatMap(file => bareStrings(file, readFileSync(join(SRC, file), 'utf8')));
  assert.deepEqual(
    bare.map(b => `${b.file}:${b.line}: ${b.text}`),
    [],
    'wrap these in trans.__ (see docs/jupyterlab.md, Translations)'
  );
});
