import { Dialog } from '@jupyterlab/apputils';

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
