/** The query of the « Conservation des données » screen. */
export const RETENTION_KEY = ['retention', 'overview']
