/**
 * Pairing with the peer node: one node creates a one-time invitation code and hands it over (copy); the other
 * pastes it and accepts, which runs the handshake. After that the connection is active on both nodes.
 */
import { useState } from 'react';
import { api, describeError, segment } from '../api-client.ts';
import type { ConnectionView, InvitationDocument } from '../api-types.ts';
import { dateTime } from '../format.ts';

/** The invitation card of a connection with a side served by a peer node. */
export function InvitationCard({
  connection,
  onChanged,
}: {
  connection: ConnectionView;
  onChanged: () => Promise<void>;
}) {
  const [invitation, setInvitation] = useState<InvitationDocument | undefined>(undefined);
  const [pasted, setPasted] = useState('');
  const [copied, setCopied] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const path = `/api/connections/${segment(connection.name)}`;

  const initiate = async () => {
    setError(undefined);
    setCopied(false);
    try {
      setInvitation(await api<InvitationDocument>('POST', `${path}/initiate`, {}));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  const copy = async () => {
    if (!invitation) return;
    try {
      await navigator.clipboard.writeText(invitation.code);
      setCopied(true);
    } catch {
      setError('the browser refused the clipboard: select the code and copy it by hand');
    }
  };

  const accept = async () => {
    setError(undefined);
    setMessage(undefined);
    try {
      const answer = await api<{ peer: { nodeId: string; url: string } }>('POST', `${path}/accept`, {
        code: pasted.trim(),
      });
      setMessage(`Paired with the node at ${answer.peer.url}.`);
      setPasted('');
      await onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <article className="card" aria-label="Invitation">
      <h2>Invitation</h2>
      {connection.peer ? (
        <p>
          Paired with the peer node at <code>{connection.peer.url}</code> ({connection.peer.status}
          {connection.peer.reason ? `: ${connection.peer.reason}` : ''}).
        </p>
      ) : (
        <p className="muted">Not paired yet. One node creates a code, the other pastes it.</p>
      )}
      <details className="pairing" open={connection.peer === null}>
        <summary>{connection.peer ? 'Pair again' : 'Pair the two nodes'}</summary>
        <div className="two-columns">
          <div>
            <h3>Invite the other node</h3>
            <button type="button" onClick={initiate}>
              Create invitation code
            </button>
            {invitation && (
              <div className="stack">
                <textarea className="code-box" readOnly value={invitation.code} aria-label="Invitation code" rows={4} />
                <div className="actions">
                  <button type="button" onClick={copy}>
                    {copied ? 'Copied' : 'Copy code'}
                  </button>
                  <span className="muted small">one use, valid until {dateTime(invitation.expiresAt)}</span>
                </div>
              </div>
            )}
          </div>
          <div>
            <h3>Accept a code</h3>
            <textarea
              className="code-box"
              value={pasted}
              onChange={(event) => setPasted(event.target.value)}
              aria-label="Paste invitation code"
              placeholder="Paste the code the other node created"
              rows={4}
            />
            <button type="button" onClick={accept} disabled={pasted.trim() === ''}>
              Accept
            </button>
          </div>
        </div>
      </details>
      {message && (
        <p className="good-text" role="status">
          {message}
        </p>
      )}
      {error && (
        <pre className="error-text" role="alert">
          {error}
        </pre>
      )}
    </article>
  );
}
