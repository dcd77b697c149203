/**
 * Server-side session contract (issue 3, point 3). The browser only ever holds `SessionRecord.id`;
 * tokens stay here. All times are epoch milliseconds.
 */

export interface SessionUser {
  displayName: string;
  userType: 'natural' | 'legal';
  realNameLevel: number;
  idType?: string;
  maskedId?: string;
  idKeyHash?: string;
  maskedMobile?: string;
  orgName?: string;
  creditCode?: string;
  agentName?: string;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresAt?: number;
}

export interface SessionRecord {
  id: string;
  issuer: string;
  subject: string;
  sid?: string;
  user: SessionUser;
  tokens: SessionTokens;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  expiresAt: number;
}

export interface SessionStore {
  create(record: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  update(record: SessionRecord): Promise<void>;
  delete(id: string): Promise<SessionRecord | undefined>;
  deleteBySid(issuer: string, sid: string): Promise<SessionRecord[]>;
  deleteBySubject(issuer: string, subject: string): Promise<SessionRecord[]>;
  /** Live (neither idle- nor absolute-expired) sessions of the user: logout is broadcast at 0. */
  countBySubject(issuer: string, subject: string): Promise<number>;
  close?(): Promise<void>;
}
