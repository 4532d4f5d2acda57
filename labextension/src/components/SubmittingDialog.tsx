import { Dialog, ReactWidget } from '@jupyterlab/apputils';
import { ITrans, withTrans } from '../trans';

/**
 * A Dialog whose accept button runs `submit` and closes only when it succeeds (the
 * server accepted); a failure stays in the form, where its message shows. While the
 * request is out, neither a second click nor Cancel/Close may interfere.
 */
export class SubmittingDialog<T> extends Dialog<T> {
  constructor(
    options: Partial<Dialog.IOptions<T>>,
    private readonly _submit: () => Promise<boolean>
  ) {
    super(options);
  }

  resolve(index?: number): void {
    if (this._inFlight) {
      return;
    }
    if ((index ?? 1) !== 1) {
      super.resolve(index);
      return;
    }
    this._inFlight = true;
    void this._submit()
      .catch(() => false)
      .then(done => {
        this._inFlight = false;
        if (done) {
          super.resolve(1);
        }
      });
  }

  private _inFlight = false;
}

/**
 * The body of such a dialog: the form's values (kept when the view re-renders), the
 * server's answer once it accepted, and `submit`, which the React view sets. The view
 * is rendered with `trans` as its translator.
 */
export class FormBody<F, R> extends ReactWidget {
  result: R | null = null;
  /** set by the React view: send the form; true when the server accepted it */
  submit: () => Promise<boolean> = async () => false;

  constructor(
    public form: F,
    private readonly _view: (body: FormBody<F, R>) => JSX.Element,
    private readonly _trans: ITrans
  ) {
    super();
    this.addClass('jp-kf-registry-dialog');
  }

  getValue(): R | null {
    return this.result;
  }

  protected render(): JSX.Element {
    return withTrans(this._trans, this._view(this));
  }
}

/** Show a form's dialog: the server's answer when it accepted, null when cancelled. */
export async function showFormDialog<F, R>(
  body: FormBody<F, R>,
  options: Omit<Partial<Dialog.IOptions<R | null>>, 'body'>
): Promise<R | null> {
  const dialog = new SubmittingDialog<R | null>({ ...options, body }, () =>
    body.submit()
  );
  const result = await dialog.launch();
  return result.button.accept ? result.value : null;
}
