import { AppError } from '../../shared/domain/app-error.js';
import type { ConnectionTest } from '../../shared/domain/connection.js';
import type { ConnectionsService } from '../credentials/connections-service.js';
import type { InvokeHandlers } from '../ipc/dispatcher.js';
import type { JobService } from '../jobs/job-service.js';
import { connectionVerdict, testConnection } from '../wasp-api/test-connection.js';
import type { NameResolutionCheck } from '../wasp-api/reachability.js';

type ConnectionHandlers = Pick<
  InvokeHandlers,
  'listConnections' | 'saveConnection' | 'testConnection' | 'removeToken' | 'removeConnection' | 'setDefaultConnection'
>;

export interface ConnectionHandlerDeps {
  connections: ConnectionsService;
  jobs: JobService;
  version: string;
  fetch?: typeof fetch;
  nameResolutionWorks?: NameResolutionCheck;
}

/** Tests a saved site's token, records the verdict, and restarts the site's waiting jobs when it works. */
export function connectionTest({
  connections,
  jobs,
  version,
  fetch,
  nameResolutionWorks,
}: ConnectionHandlerDeps): (site: string) => Promise<ConnectionTest> {
  return async (site) => {
    const token = await connections.tokenFor(site);
    const tested = await testConnection(site, token, {
      version,
      ...(fetch ? { fetch } : {}),
      ...(nameResolutionWorks ? { nameResolutionWorks } : {}),
    });
    const result = connectionVerdict(tested);
    const message = tested.ok ? tested.value.message : tested.error.message;
    await connections.recordVerification(site, result, message);
    // A working token also restarts jobs that stopped on a rejected one.
    if (result === 'ok') await jobs.tokenChanged(site);
    const connection = await connections.view(site);
    if (!connection) throw new AppError('not-found', 'That site is no longer saved.');
    const answer: ConnectionTest = { result, message, connection };
    return answer;
  };
}

export function connectionHandlers(deps: ConnectionHandlerDeps): ConnectionHandlers {
  const { connections, jobs } = deps;
  const test = connectionTest(deps);
  return {
    listConnections: () => connections.list(),
    async saveConnection({ site, token, label }) {
      const view =
        token === undefined
          ? await connections.saveSite(site, label === undefined ? {} : { label })
          : await connections.saveToken(site, token, label === undefined ? {} : { label });
      // A job stopped on a rejected token picks the new one up and continues by itself.
      if (token !== undefined) await jobs.tokenChanged(view.site);
      return view;
    },
    testConnection: ({ site }) => test(site),
    async removeToken({ site }) {
      await connections.removeToken(site);
      const view = await connections.view(site);
      if (!view) throw new AppError('not-found', 'That site is no longer saved.');
      return view;
    },
    async removeConnection({ site }) {
      await connections.removeSite(site);
      return connections.list();
    },
    async setDefaultConnection({ site }) {
      await connections.setDefault(site);
      return connections.list();
    },
  };
}
