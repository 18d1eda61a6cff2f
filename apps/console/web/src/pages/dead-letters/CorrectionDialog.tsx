import { FormEvent, useState } from 'react';
import { Dialog } from '../../ui/Dialog';
import { correctionProblem, DeadLetter, readablePayload } from './dead-letters';

/**
 * Replays one dead letter with its payload corrected. The text is checked for JSON here; whether
 * it keeps the topic's contract is the service's to say (422, shown in place).
 */
export function CorrectionDialog({ letter, onReplay, onClose }: { letter: DeadLetter; onReplay(value: string): Promise<void>; onClose(): void }) {
  const [text, setText] = useState(() => readablePayload(letter.value));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = correctionProblem(text);
    if (problem) return setError(problem);
    setBusy(true);
    setError(undefined);
    try {
      await onReplay(text);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Replay ${letter.id} with correction`} onClose={onClose}>
      <p className="muted">Dead-lettered by {letter.consumer}: {letter.reason}</p>
      <form onSubmit={submit} className="dialog-form">
        <label htmlFor="corrected-message">Corrected message</label>
        <textarea id="corrected-message" rows={14} spellCheck={false} autoFocus value={text} onChange={(e) => setText(e.target.value)} />
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <div className="toolbar">
          <button type="submit" disabled={busy}>
            Replay corrected message
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
