import type { Metadata, Viewport } from "next";
import { metadataBaseUrl } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  metadataBase: metadataBaseUrl(),
  title: { default: "Appointments", template: "%s · Appointments" },
  description: "Search your medical appointments. Multitenant search with Meilisearch tenant tokens.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
