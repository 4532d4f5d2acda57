/** A description, editable inline; Save PATCHes it and shows the server's error in place. */
import * as React from 'react';

import { SaveActions } from '../components/InlineEdit';
import { useAction } from '../components/useAction';
import { useTrans } from '../trans';

export function DescriptionEditor(props: {
  /** "model iris", "version v1": for ARIA labels */
  owner: string;
  description: string | undefined;
  onSave: (description: string) => Promise<void>;
}): JSX.Element {
  const trans = useTrans();
  const { owner, description, onSave } = props;
  const [draft, setDraft] = React.useState<string | null>(null);
  const saving = useAction();

  if (draft === null) {
    return (
      <div className="jp-kf-registry-description">
        {description ? (
          <p>{description}</p>
        ) : (
          <p className="jp-kf-registry-muted">{trans.__('No description.')}</p>
        )}
        <button
          className="jp-mod-styled jp-kf-registry-smallButton"
          aria-label={trans.__('Edit description of %1', owner)}
          onClick={() => {
            setDraft(description ?? '');
            saving.reset();
          }}
        >
          {trans.__('Edit')}
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
        aria-label={trans.__('Description of %1', owner)}
        rows={3}
        value={draft}
        onChange={event => setDraft(event.target.value)}
      />
      <SaveActions
        state={saving}
        onSave={() => void save()}
        onCancel={() => setDraft(null)}
        saveLabel={trans.__('Save description of %1', owner)}
      />
    </div>
  );
}
