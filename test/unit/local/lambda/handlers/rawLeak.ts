// A handler without Aethon's runtime: it reads a declared secret from its environment and puts it
// in its error's name and message, where no runtime redactor sees it.
export const handler = async (): Promise<never> => {
  const key = process.env['AETHON_SECRET_PARTNER_API_KEY'] ?? '';
  const error = new Error(`the partner refused ${key}`);
  error.name = `Rejected.${key}`;
  throw error;
};
