import{a}from"./chunk-TTB6OAUE.js";import"./chunk-7QUWU4U6.js";import"./chunk-XFTW67JS.js";import"./chunk-PUJQCVEG.js";import"./chunk-IYWUY3VA.js";export{a as TimelineView};
