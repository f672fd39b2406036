import type { Identity } from '../model/types';
import { RoleStrategy } from './RoleStrategy';

const user = (id: string, groups: string[] = []): Identity => ({
  id,
  fullName: id,
  groups,
  anonymous: false,
});
const anonymous: Identity = {
  id: 'anonymous',
  fullName: 'anonymous',
  groups: [],
  anonymous: true,
};

// jenkinsci/role-strategy-plugin, RoleMap#hasPermission and Role (pattern
// compiled without flags, matched with matches()).
describe('RoleStrategy', () => {
  const roles = new RoleStrategy({
    global: [
      {
        name: 'admin',
        permissions: ['Overall/Administer'],
        users: ['root'],
        groups: [],
      },
      {
        name: 'read',
        permissions: ['Overall/Read', 'Job/Read'],
        users: [],
        groups: ['authenticated'],
      },
    ],
    items: [
      {
        name: 'team',
        pattern: 'team(/.*)?',
        permissions: ['Job/Build'],
        users: [],
        groups: ['devs'],
      },
      {
        name: 'ci',
        pattern: '(?i)CI/.*',
        permissions: ['Job/Configure'],
        users: ['bot'],
        groups: [],
      },
    ],
  });

  it('grants global roles to every authenticated user through `authenticated`', () => {
    expect(roles.hasPermission(user('x'), 'Job/Read', 'any/job')).toBe(true);
    expect(roles.hasPermission(anonymous, 'Job/Read', 'any/job')).toBe(false);
  });

  it('lets Read imply Discover', () => {
    expect(roles.hasPermission(user('x'), 'Job/Discover', 'any/job')).toBe(
      true,
    );
  });

  it('matches item patterns against the whole full name', () => {
    const dev = user('d', ['devs']);
    expect(roles.hasPermission(dev, 'Job/Build', 'team')).toBe(true);
    expect(roles.hasPermission(dev, 'Job/Build', 'team/deploy')).toBe(true);
    expect(roles.hasPermission(dev, 'Job/Build', 'team-b/deploy')).toBe(false);
    expect(roles.hasPermission(dev, 'Job/Build', 'my/team')).toBe(false);
  });

  // core Run.UPDATE is implied by Permission.UPDATE, not by Item.CONFIGURE.
  it('honours a leading (?i) and does not let Configure imply Run/Update', () => {
    expect(
      roles.hasPermission(user('bot'), 'Job/Configure', 'ci/nightly'),
    ).toBe(true);
    expect(roles.hasPermission(user('bot'), 'Run/Update', 'ci/nightly')).toBe(
      false,
    );
  });

  it('matches users and groups ignoring case (the realm IdStrategy), patterns not', () => {
    expect(roles.isAdmin(user('ROOT'))).toBe(true);
    expect(roles.hasPermission(user('d', ['DEVS']), 'Job/Build', 'team')).toBe(
      true,
    );
    expect(roles.hasPermission(user('d', ['devs']), 'Job/Build', 'TEAM')).toBe(
      false,
    );
  });

  it('gives administrators everything', () => {
    expect(roles.isAdmin(user('root'))).toBe(true);
    expect(roles.hasPermission(user('root'), 'Job/Cancel', 'x')).toBe(true);
    expect(roles.isAdmin(user('x'))).toBe(false);
  });
});
