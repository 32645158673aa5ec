import{a}from"./chunk-MEI72TNK.js";import"./chunk-K4WHP3HQ.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as TableView};
