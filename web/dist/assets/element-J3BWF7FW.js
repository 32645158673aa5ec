import{a}from"./chunk-HOGRI7TO.js";import"./chunk-KA27ISCT.js";import"./chunk-IYWUY3VA.js";export{a as views};
