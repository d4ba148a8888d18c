import 'server-only';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { redact } from '@/lib/redact';

export type Actor = { id: string | null; label: string; ip?: string | null };

export const systemActor = (label = 'system'): Actor => ({ id: null, label });

export type AuditEvent = {
  workspaceId: string;
  actor: Actor;
  /** `<target type>.<verb>`, e.g. "member.role_changed", "provider.imported". */
  action: string;
  target: { type: string; id?: string | null; label?: string | null };
  summary?: Record<string, unknown>;
};

/** Writes one audit entry. Call it with the transaction that makes the change it records. */
export async function recordAudit({ db, ...event }: AuditEvent & { db: Db }) {
  await db.insert(auditLog).values({
    workspaceId: event.workspaceId,
    actorId: event.actor.id,
    actorLabel: event.actor.label,
    action: event.action,
    targetType: event.target.type,
    targetId: event.target.id ?? null,
    targetLabel: event.target.label ?? null,
    summary: redact(event.summary ?? {}),
    ip: event.actor.ip ?? null,
  });
}
