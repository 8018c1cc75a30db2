/** A table the page's script fills (`#<id> tbody`), with the message shown while it is empty
 * (`#<id>-empty`); both start hidden until the script knows which one applies. */
export function DataTable(props: { id: string; columns: string[]; empty: string }) {
  return (
    <>
      <p id={`${props.id}-empty`} class="empty" hidden>
        {props.empty}
      </p>
      <div class="scroll">
        <table id={props.id} hidden>
          <thead>
            <tr>
              {props.columns.map((column) => (
                <th scope="col">{column}</th>
              ))}
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
    </>
  );
}
