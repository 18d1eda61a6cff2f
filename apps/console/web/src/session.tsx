import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, Identity, setApiKey } from './api';

/**
 * The signed-in key, kept in sessionStorage: it goes when the tab closes, and is never written
 * anywhere else. What the key's role may do decides which pages the console shows.
 */
interface Session {
  identity: Identity | undefined;
  can(permission: string): boolean;
  signIn(key: string): Promise<void>;
  signOut(): void;
}

const STORAGE = 'orderflow.console.key';
const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [identity, setIdentity] = useState<Identity>();
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(STORAGE) !== null);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE);
    setApiKey(undefined, () => undefined);
    setIdentity(undefined);
  }, []);

  const signIn = useCallback(
    async (key: string) => {
      const who = await api.whoami(key);
      sessionStorage.setItem(STORAGE, key);
      setApiKey(key, signOut);
      setIdentity(who);
    },
    [signOut],
  );

  useEffect(() => {
    const kept = sessionStorage.getItem(STORAGE);
    if (kept) signIn(kept).catch(signOut).finally(() => setRestoring(false));
  }, [signIn, signOut]);

  const session = useMemo<Session>(
    () => ({ identity, can: (p) => identity?.permissions.includes(p) ?? false, signIn, signOut }),
    [identity, signIn, signOut],
  );
  if (restoring) return <p className="loading">Signing in…</p>;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
