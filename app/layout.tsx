import type { Metadata, Viewport } from "next";
import "./globals.css";

/**
 * Absolute URLs for the Open Graph image: the app's public URL, read when the server loads this module (at
 * build time for the static ones), so set NEXTAUTH_URL for `next build` too in production.
 */
const metadataBase =
  URL.parse(process.env.NEXTAUTH_URL ?? "") ?? new URL(`http://localhost:${process.env.PORT ?? 3000}`);

export const metadata: Metadata = {
  metadataBase,
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
