/** A description, editable inline; Save PATCHes it and shows the server's error in place. */
import * as React from 'react';

import { SaveActions } from '../components/InlineEdit';
import { useAction } from '../components/useAction';

export function DescriptionEditor(props: {
  /** "model iris", "version v1": for ARIA labels */
  owner: string;
  description: string | undefined;
  onSave: (description: string) => Promise<void>;
}): JSX.Element {
  const { owner, description, onSave } = props;
  const [draft, setDraft] = React.useState<string | null>(null);
  const saving = useAction();

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
            saving.reset();
          }}
        >
          Edit
        </button>
      </div>
    );
  }

  const save = async (): Promise<void> => {
    if (await saving.run(() => onSave(draft))) {
      setDraft(null);
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
      <SaveActions
        state={saving}
        onSave={() => void save()}
        onCancel={() => setDraft(null)}
        saveLabel={`Save description of ${owner}`}
      />
    </div>
  );
}
