import { z } from 'zod';

/** What the app says about itself (About, the status bar, diagnostics). */
export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
