// The board's API globals the Linux build has, and the ones it lacks: I2C1..3 and SPI1..3 with
// their methods, the software I2C/SPI classes, analogWrite, require('Storage'); no NRF, Puck,
// Bangle or E.getBattery (only Puck.js, Pixl.js and Bangle.js builds have those). A bad I2C
// bitrate is refused; analogWrite on a pin returns nothing.
/* global done, out */
out('buses', typeof I2C1, typeof I2C2, typeof I2C3, typeof SPI1, typeof SPI2, typeof SPI3, typeof I2C, typeof SPI);
out('i2c', typeof I2C1.setup, typeof I2C1.writeTo, typeof I2C1.readFrom, typeof new I2C().readFrom);
out('spi', typeof SPI1.setup, typeof SPI1.send, typeof SPI1.write, typeof new SPI().send);
out('absent', typeof NRF, typeof Puck, typeof Bangle, typeof E.getBattery);
try { new I2C().setup({ scl: D1, sda: D2, bitrate: -5 }); out('set up'); } catch (e) { out('error', e.message); }
out('analogWrite', typeof analogWrite, typeof analogWrite(D3, 0.5, { freq: 100 }));
try { require('NoSuchModule'); out('found'); } catch (e) { out('require', e.message); }
done();
