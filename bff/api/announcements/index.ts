/** Site announcements (issue 9): the public list and the queries the inbox uses. */
export { announcementRoutes, regionParam } from './routes.js';
export { regionWithAncestors, sameSiteLink, selectCurrentAnnouncements, takeInAnnouncements } from './queries.js';
