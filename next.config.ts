import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

/**
 * For responses that are not pages (the icon, robots.txt, /_next/static): nothing in them may load
 * or run anything, which matters for an SVG opened on its own. Pages and API routes get proxy.ts's
 * nonce policy instead: Next.js lets the proxy's Content-Security-Policy replace this one.
 */
const STATIC_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async redirects() {
    return [{ source: "/", destination: "/appointments", permanent: false }];
  },
  // Every response gets the security headers here, because proxy.ts's matcher skips static assets.
  async headers() {
    const headers = { ...STATIC_SECURITY_HEADERS, "Content-Security-Policy": STATIC_CONTENT_SECURITY_POLICY };
    return [{ source: "/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
