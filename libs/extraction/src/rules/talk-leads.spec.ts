import { findLeads } from './talk-leads';

describe('heads of delegation', () => {
  it('reads "X delegation was led by Role Name"', () => {
    expect(findLeads("Ukraine's delegation was led by Defence Minister Rustem Umerov.")).toEqual([
      { name: 'Rustem Umerov', party: 'UA', role: 'Defence Minister' },
    ]);
  });
  it('reads "Role Name led the X side"', () => {
    expect(findLeads('Secretary of State Marco Rubio led the US side.')).toEqual([
      { name: 'Marco Rubio', party: 'US', role: 'Secretary of State' },
    ]);
  });
  it('reads "Name, who heads the X delegation"', () => {
    expect(findLeads('Vladimir Medinsky, who heads the Russian delegation, spoke.')).toEqual([{ name: 'Vladimir Medinsky', party: 'RU' }]);
  });
  it('finds nobody where no delegation is led', () => {
    expect(findLeads('Rustem Umerov said the talks were useful.')).toEqual([]);
  });
});
