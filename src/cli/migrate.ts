import { Command } from "commander";
import { addCommonOptions } from "../config/index.ts";
import { action, openConfiguredStore } from "./run.ts";

/** `welink migrate`: applies pending migrations of the configured store and says which. */
export function migrateCommand(): Command {
  return addCommonOptions(new Command("migrate").description("apply pending database migrations")).action(
    action(async (config) => {
      const store = await openConfiguredStore(config);
      try {
        const applied = await store.migrate();
        process.stdout.write(
          applied.length > 0
            ? `applied migrations ${applied.join(", ")} (${store.dialect})\n`
            : `database is up to date (${store.dialect})\n`,
        );
      } finally {
        await store.close();
      }
    }),
  );
}
