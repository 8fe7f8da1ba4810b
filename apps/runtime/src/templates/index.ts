export { readGallery, defaultGalleryDir, galleryFile, type GalleryEntry } from './gallery.ts';
export { importTemplate, upgradeConfigs, type TemplateImportInput } from './import.ts';
export { exportPipelineTemplate } from './export.ts';
export { templateEnvironment, packageOf } from './environment.ts';
