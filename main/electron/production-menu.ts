import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * The menu of a packaged build: what office users need (edit shortcuts for the paste of a token,
 * window handling, Help → Save diagnostics… for support) and no developer tools or reload.
 */
export function productionMenu(actions: { saveDiagnostics(): void }): Menu {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : [{ role: 'fileMenu' as const }]),
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Save diagnostics…', click: () => actions.saveDiagnostics() }] },
  ];
  return Menu.buildFromTemplate(template);
}
