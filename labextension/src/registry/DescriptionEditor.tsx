/** A description, editable inline; Save PATCHes it and shows the server's error in place. */
import * as React from 'react';

import { errorMessage } from './useLoader';

export function DescriptionEditor(props: {
  /** "model iris", "version v1": for ARIA labels */
  owner: string;
  description: string | undefined;
  onSave: (description: string) => Promise<void>;
}): JSX.Element {
  const { owner, description, onSave } = props;
  const [draft, setDraft] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const [error, setError] = React.useState('');

  if (draft === null) {
    return (
      <div className="jp-kf-registry-description">
        {description ? (
          <p>{description}</p>
        ) : (
          <p className="jp-kf-registry-muted">No description.</p>
        )}
        <button
          className="jp-mod-styled jp-kf-registry-smallButton"
          aria-label={`Edit description of ${owner}`}
          onClick={() => {
            setDraft(description ?? '');
            setError('');
          }}
        >
          Edit
        </button>
      </div>
    );
  }

  const save = async (): Promise<void> => {
    setSaving(true);
    setError('');
    try {
      await onSave(draft);
      setDraft(null);
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="jp-kf-registry-description jp-mod-editing">
      <textarea
        className="jp-mod-styled"
        aria-label={`Description of ${owner}`}
        rows={3}
        value={draft}
        onChange={event => setDraft(event.target.value)}
      />
      {error ? (
        <p className="jp-kf-registry-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="jp-kf-registry-actions">
        <button
          className="jp-mod-styled jp-mod-accept"
          disabled={saving}
          onClick={() => void save()}
          aria-label={`Save description of ${owner}`}
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          className="jp-mod-styled jp-mod-reject"
          disabled={saving}
          onClick={() => setDraft(null)}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
