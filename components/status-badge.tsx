import { STATUS_LABELS, type AppointmentStatus } from "@/lib/common/appointments";

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return <span className={`status-badge status-${status}`}>{STATUS_LABELS[status]}</span>;
}
