/**
 * A WorkspaceKind's YAML in JupyterLab's own code editor (CodeMirror, YAML mode), with
 * the cluster's refusals shown at their lines: the line is marked and the message sits
 * under it (a CodeMirror decoration), and listed below the editor, each one a button
 * that moves the cursor there.
 */
import { StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  DecorationSet,
  EditorView,
  WidgetType
} from '@codemirror/view';
import { CodeEditor, IEditorServices } from '@jupyterlab/codeeditor';
import { CodeMirrorEditor } from '@jupyterlab/codemirror';
import * as React from 'react';

import type { IKindError } from './kindTypes';

/** Replaces the errors shown in the editor. */
const setErrors = StateEffect.define<IKindError[]>();

class ErrorWidget extends WidgetType {
  constructor(readonly messages: string[]) {
    super();
  }

  eq(other: ErrorWidget): boolean {
    return other.messages.join('\n') === this.messages.join('\n');
  }

  toDOM(): HTMLElement {
    const box = document.createElement('div');
    box.className = 'jp-KubeflowKinds-lineError';
    box.setAttribute('role', 'alert');
    box.textContent = this.messages.join('\n');
    return box;
  }
}

const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    decorations = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setErrors)) {
        continue;
      }
      const doc = transaction.state.doc;
      const byLine = new Map<number, string[]>();
      for (const error of effect.value) {
        if (error.line && error.line >= 1 && error.line <= doc.lines) {
          const text = error.field
            ? `${error.field}: ${error.message}`
            : error.message;
          byLine.set(error.line, [...(byLine.get(error.line) ?? []), text]);
        }
      }
      const ranges = [...byLine.entries()]
        .sort(([a], [b]) => a - b)
        .flatMap(([number, messages]) => {
          const line = doc.line(number);
          return [
            Decoration.line({
              class: 'jp-KubeflowKinds-errorLine',
              attributes: { 'data-error-line': String(number) }
            }).range(line.from),
            Decoration.widget({
              widget: new ErrorWidget(messages),
              block: true,
              side: 1
            }).range(line.to)
          ];
        });
      decorations = Decoration.set(ranges, true);
    }
    return decorations;
  },
  provide: field => EditorView.decorations.from(field)
});

export interface IKindEditorHandle {
  text(): string;
  setText(text: string): void;
  showErrors(errors: IKindError[]): void;
  goToLine(line: number): void;
}

/** The editor; `handle` gives the text and shows errors. */
export function KindEditor(props: {
  services: IEditorServices;
  initial: string;
  label: string;
  onReady: (handle: IKindEditorHandle) => void;
  onChange?: () => void;
}): JSX.Element {
  const host = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    if (!host.current) {
      return;
    }
    const model = new CodeEditor.Model({ mimeType: 'text/x-yaml' });
    model.sharedModel.setSource(props.initial);
    const editor = props.services.factoryService.newDocumentEditor({
      host: host.current,
      model,
      config: { lineNumbers: true, lineWrap: false },
      extensions: [errorField]
    });
    const view = (editor as CodeMirrorEditor).editor as EditorView | undefined;
    const onChange = () => props.onChange?.();
    model.sharedModel.changed.connect(onChange);
    view?.contentDOM.setAttribute('aria-label', props.label);
    props.onReady({
      text: () => model.sharedModel.getSource(),
      setText: text => model.sharedModel.setSource(text),
      showErrors: errors => view?.dispatch({ effects: setErrors.of(errors) }),
      goToLine: line => {
        editor.setCursorPosition({ line: Math.max(0, line - 1), column: 0 });
        editor.revealPosition({ line: Math.max(0, line - 1), column: 0 });
        editor.focus();
      }
    });
    return () => {
      model.sharedModel.changed.disconnect(onChange);
      editor.dispose();
      model.dispose();
    };
    // One editor per mount: the parent remounts it (a key) for another kind.
  }, []);
  return <div ref={host} className="jp-KubeflowKinds-editor" />;
}
