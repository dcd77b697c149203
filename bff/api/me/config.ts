/** The `userSpace` section of the config (mounted by bff/config.ts): links the personal space shows. */
import { z } from 'zod';

export const userSpaceConfigSchema = z
  .object({
    /** The unified platform's page where users edit their profile (个人中心); unset: no link. */
    profileUrl: z.string().url().optional(),
  })
  .prefault({});

export const USER_SPACE_ENVIRONMENT_KEYS: Record<string, string> = {
  USER_PROFILE_URL: 'userSpace.profileUrl',
};
