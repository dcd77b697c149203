/** A SessionStore in a Map, for route tests that are about the receivers, not the store. */
import type { SessionRecord, SessionStore } from '../../../../bff/auth/session-store/types.js';

export function memorySessions(): SessionStore {
  const byId = new Map<string, SessionRecord>();
  const take = (match: (record: SessionRecord) => boolean): SessionRecord[] => {
    const taken = [...byId.values()].filter(match);
    for (const record of taken) byId.delete(record.id);
    return taken;
  };
  return {
    create: async (record) => void byId.set(record.id, structuredClone(record)),
    get: async (id) => structuredClone(byId.get(id)),
    update: async (record) => void (byId.has(record.id) && byId.set(record.id, structuredClone(record))),
    delete: async (id) => take((record) => record.id === id)[0],
    deleteBySid: async (issuer, sid) => take((record) => record.issuer === issuer && record.sid === sid),
    deleteBySubject: async (issuer, subject) =>
      take((record) => record.issuer === issuer && record.subject === subject),
    countBySubject: async (issuer, subject) =>
      [...byId.values()].filter((record) => record.issuer === issuer && record.subject === subject).length,
  };
}
