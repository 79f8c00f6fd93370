import type { AppointmentStatus } from "@/lib/meilisearch/appointments";

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return <span className={`status-badge status-${status}`}>{status}</span>;
}
